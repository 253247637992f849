/*
 * sendmail.h — hands one message to a sendmail-compatible program: `PROGRAM -i -- RECIPIENT`
 * with the whole message (headers and body) on its standard input, as sendmail, msmtp, ssmtp and
 * postfix's sendmail all accept. The program is a deployment setting (selfdirect notify send
 * --sendmail, or $SELFDIRECT_SENDMAIL); no shell is involved, so nothing in an address or a
 * message can run a command.
 *
 * The message counts as accepted only when the program exits 0. Anything else (not found, killed,
 * a non-zero status, the pipe closed early) is a failure with a sentence saying which, and the
 * caller retries later. SIGPIPE is ignored while writing, so a program that exits early cannot
 * kill the caller.
 */
#ifndef SELFDIRECT_IO_SENDMAIL_H
#define SELFDIRECT_IO_SENDMAIL_H

struct err;

/* 0 when the program accepted the message; ERR_IO otherwise. */
int sendmail_run(const char *program, const char *recipient, const char *message, struct err *e);

#endif

/* sendmail.c — one message to a sendmail-compatible program (see sendmail.h). */
#include "io/sendmail.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"

extern char **environ;

int sendmail_run(const char *program, const char *recipient, const char *message, struct err *e)
{
    int fds[2], status = 0, rc = 0, sp;
    pid_t pid;
    posix_spawn_file_actions_t fa;
    struct sigaction ign, old;
    size_t len = strlen(message), off = 0;
    char *argv[5];
    if (!program || !*program)
        return err_set(e, ERR_INVALID, "No sendmail program is configured.");
    argv[0] = (char *)program;
    argv[1] = (char *)"-i";
    argv[2] = (char *)"--";
    argv[3] = (char *)recipient;
    argv[4] = NULL;
    if (pipe(fds) != 0)
        return err_set(e, ERR_IO, "Could not make a pipe for the sendmail program: %s.",
                       strerror(errno));
    if (posix_spawn_file_actions_init(&fa) != 0) {
        close(fds[0]);
        close(fds[1]);
        return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    sp = posix_spawnp(&pid, program, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[0]);
    if (sp != 0) {
        close(fds[1]);
        return err_set(e, ERR_IO, "The sendmail program %s could not be started: %s.", program,
                       strerror(sp));
    }
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    while (off < len) {
        ssize_t w = write(fds[1], message + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = err_set(e, ERR_IO, "The sendmail program stopped reading the message.");
            break;
        }
        off += (size_t)w;
    }
    close(fds[1]);
    sigaction(SIGPIPE, &old, NULL);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            err_clear(e);
            return err_set(e, ERR_IO, "Could not wait for the sendmail program: %s.",
                           strerror(errno));
        }
    }
    if (rc != 0)
        return rc;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        return err_set(e, ERR_IO, "The sendmail program refused the message (exit status %d).",
                       WEXITSTATUS(status));
    return err_set(e, ERR_IO, "The sendmail program was stopped by signal %d.",
                   WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

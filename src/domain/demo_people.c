/* demo_people.c — fictional people for the demo; see demo_people.h. The lists below are ordinary
 * names chosen to sound like an English borough; any resemblance to a real person is chance. */
#include "domain/demo_people.h"

#include <stdio.h>
#include <string.h>

#include "domain/nhs_number.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

void demo_rng_seed(struct demo_rng *r, uint64_t seed) { r->state = seed; }

uint64_t demo_rng_next(struct demo_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t demo_rng_below(struct demo_rng *r, uint64_t n)
{
    /* rejection sampling: no bias towards small values */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = demo_rng_next(r);
    } while (x >= limit);
    return x % n;
}

static bool chance(struct demo_rng *r, unsigned percent) { return demo_rng_below(r, 100) < percent; }

#define PICK(r, a) ((a)[demo_rng_below((r), N(a))])

/* ---- names ---------------------------------------------------------------------------------- */

static const char *const older_f[] = {
    "Margaret", "Joan",    "Dorothy", "Betty",   "Doris",    "Jean",    "Patricia", "Sheila",
    "Brenda",   "Joyce",   "Eileen",  "Kathleen", "Barbara", "Irene",   "Valerie",  "Pauline",
    "Audrey",   "Iris",    "Maureen", "Sylvia",  "Edna",     "Winifred", "Hilda",   "Mavis"};
static const char *const older_m[] = {
    "John",   "Peter",  "David",   "Michael", "Brian",   "Kenneth", "Ronald",   "Derek",
    "Roy",    "Dennis", "Alan",    "Raymond", "George",  "Frank",   "Arthur",   "Harold",
    "Stanley", "Leonard", "Albert", "Geoffrey", "Terence", "Norman", "Cyril",   "Walter"};
static const char *const middle_f[] = {
    "Susan",  "Karen",  "Julie",   "Tracey", "Deborah", "Lisa",   "Sharon", "Nicola",
    "Amanda", "Helen",  "Sarah",   "Claire", "Joanne",  "Michelle", "Kelly", "Rachel",
    "Louise", "Donna",  "Alison",  "Angela"};
static const char *const middle_m[] = {
    "Paul",  "Mark",   "Andrew", "Stephen", "Richard", "Gary",   "Darren", "Neil",
    "Simon", "Ian",    "Jason",  "Lee",     "Craig",   "Martin", "Kevin",  "Graham",
    "Wayne", "Steven", "Christopher", "Anthony"};
static const char *const young_f[] = {
    "Jessica", "Emma",   "Hannah", "Laura",  "Sophie",  "Chloe",  "Amy",    "Charlotte",
    "Lauren",  "Megan",  "Rebecca", "Bethany", "Holly", "Jade",   "Olivia", "Emily",
    "Ellie",   "Georgia", "Zoë",   "Abigail"};
static const char *const young_m[] = {
    "James",  "Daniel", "Thomas", "Matthew", "Ryan",   "Liam",   "Jack",   "Callum",
    "Joshua", "Luke",   "Adam",   "Jordan",  "Connor", "Kieran", "Nathan", "Ben",
    "Jake",   "Lewis",  "Alex",   "Oliver"};
static const char *const british_family[] = {
    "Smith",   "Jones",   "Taylor",  "Brown",    "Williams", "Wilson",  "Johnson",  "Davies",
    "Robinson", "Wright", "Thompson", "Evans",   "Walker",   "White",   "Roberts",  "Green",
    "Hall",    "Wood",    "Jackson", "Clarke",   "Harris",   "Lewis",   "Martin",   "Cooper",
    "Hill",    "Ward",    "Hughes",  "Turner",   "Moore",    "Parker",  "Edwards",  "Baker",
    "Mitchell", "Carter", "Shaw",    "Atkinson", "Bennett",  "Lloyd",   "Price",    "Marsh",
    "Fletcher", "Pearson", "Holmes", "Dawson",   "Barker",   "Gibson",  "Webb",     "Sutcliffe"};

static const char *const asian_f[] = {"Aisha", "Fatima", "Priya", "Sunita", "Gurpreet",
                                      "Parveen", "Nasreen", "Yasmin", "Anjali", "Shabana"};
static const char *const asian_m[] = {"Mohammed", "Imran", "Ravi", "Sanjay", "Harjit",
                                      "Tariq",    "Yusuf", "Arjun", "Bilal", "Naveed"};
static const char *const asian_family[] = {"Patel", "Khan",  "Begum", "Ahmed",  "Hussain", "Singh",
                                           "Kaur",  "Shah",  "Ali",   "Akhtar", "Mistry",  "Sharma"};
static const char *const irish_f[] = {"Siobhán", "Niamh", "Bridget", "Mary", "Aoife", "Sinéad"};
static const char *const irish_m[] = {"Declan", "Seán", "Patrick", "Liam", "Cormac", "Eamon"};
static const char *const irish_family[] = {"O'Brien", "Murphy", "Kelly", "O'Connor", "Byrne",
                                           "McCarthy", "Doyle", "Ó Súilleabháin"};
static const char *const polish_f[] = {"Agnieszka", "Katarzyna", "Magdalena", "Anna", "Zofia"};
static const char *const polish_m[] = {"Tomasz", "Piotr", "Krzysztof", "Łukasz", "Paweł"};
static const char *const polish_family_m[] = {"Kowalski", "Nowak", "Wiśniewski", "Zieliński",
                                              "Wójcik"};
static const char *const polish_family_f[] = {"Kowalska", "Nowak", "Wiśniewska", "Zielińska",
                                              "Wójcik"};
static const char *const caribbean_african_f[] = {"Marcia", "Ngozi", "Abena", "Chidinma",
                                                  "Beverley", "Amara", "Precious"};
static const char *const caribbean_african_m[] = {"Delroy", "Winston", "Kwame", "Chidi", "Kofi",
                                                  "Errol", "Emmanuel"};
static const char *const caribbean_african_family[] = {"Okafor", "Mensah", "Adeyemi", "Campbell",
                                                       "Grant", "Boateng", "Francis", "Thomas"};
static const char *const turkish_f[] = {"Ayşe", "Elif", "Zeynep", "Fatma"};
static const char *const turkish_m[] = {"Mehmet", "Mustafa", "Emre", "Hüseyin"};
static const char *const turkish_family[] = {"Yılmaz", "Demir", "Kaya", "Şahin", "Çelik"};
static const char *const chinese_f[] = {"Mei", "Li Na", "Xiu Ying", "Wing"};
static const char *const chinese_m[] = {"Wei", "Jun", "Kwok Wai", "Ming"};
static const char *const chinese_family[] = {"Chen", "Wong", "Li", "Cheung", "Lam"};

struct heritage {
    unsigned weight;  /* out of 100 */
    const char *const *female, *const *male, *const *family_m, *const *family_f;
    size_t nf, nm, nfam;
    const char *interpreter; /* a communication need some have; NULL = none */
};

#define H(w, f, m, fam_m, fam_f, interp)                                                     \
    {w, f, m, fam_m, fam_f, N(f), N(m), N(fam_m), interp}

static const struct heritage heritages[] = {
    /* British names come by generation (see given_name); these lists are not used for them */
    H(78, older_f, older_m, british_family, british_family, NULL),
    H(7, asian_f, asian_m, asian_family, asian_family, "Punjabi interpreter needed for meetings"),
    H(4, irish_f, irish_m, irish_family, irish_family, NULL),
    H(3, polish_f, polish_m, polish_family_m, polish_family_f,
      "Polish speaker: an interpreter for formal meetings, please"),
    H(4, caribbean_african_f, caribbean_african_m, caribbean_african_family,
      caribbean_african_family, NULL),
    H(2, turkish_f, turkish_m, turkish_family, turkish_family, "Turkish interpreter needed"),
    H(2, chinese_f, chinese_m, chinese_family, chinese_family, "Cantonese interpreter needed"),
};

static const struct heritage *pick_heritage(struct demo_rng *r)
{
    unsigned x = (unsigned)demo_rng_below(r, 100), acc = 0;
    for (size_t i = 0; i < N(heritages); i++) {
        acc += heritages[i].weight;
        if (x < acc)
            return &heritages[i];
    }
    return &heritages[0];
}

static const char *given_name(struct demo_rng *r, const struct heritage *h, bool female,
                              int birth_year)
{
    if (h == &heritages[0]) {
        if (birth_year <= 1955)
            return female ? PICK(r, older_f) : PICK(r, older_m);
        if (birth_year <= 1985)
            return female ? PICK(r, middle_f) : PICK(r, middle_m);
        return female ? PICK(r, young_f) : PICK(r, young_m);
    }
    return female ? h->female[demo_rng_below(r, h->nf)] : h->male[demo_rng_below(r, h->nm)];
}

static const char *family_name(struct demo_rng *r, const struct heritage *h, bool female)
{
    size_t i = demo_rng_below(r, h->nfam);
    return female ? h->family_f[i] : h->family_m[i];
}

static const struct {
    const char *name, *nick;
} nicknames[] = {
    {"Margaret", "Peggy"}, {"Patricia", "Pat"},  {"Kathleen", "Kath"},   {"Dorothy", "Dot"},
    {"Kenneth", "Ken"},    {"Ronald", "Ron"},    {"Raymond", "Ray"},     {"Leonard", "Len"},
    {"Albert", "Bert"},    {"Terence", "Terry"}, {"Geoffrey", "Geoff"},  {"Michael", "Mike"},
    {"Anthony", "Tony"},   {"Christopher", "Chris"}, {"Stephen", "Steve"}, {"Deborah", "Debbie"},
    {"Nicola", "Nicky"},   {"Rebecca", "Becky"}, {"Matthew", "Matt"},    {"Daniel", "Dan"},
    {"Thomas", "Tom"},     {"Mohammed", "Mo"},   {"Katarzyna", "Kasia"}, {"Patrick", "Paddy"},
};

/* ASCII for e-mail addresses: the accented letters of the lists above, others dropped. */
static void ascii_lower(const char *in, char *out, size_t outsz)
{
    static const struct {
        const char *utf8, *ascii;
    } fold[] = {{"á", "a"}, {"é", "e"}, {"ë", "e"}, {"í", "i"}, {"ó", "o"}, {"ú", "u"},
                {"Ó", "o"}, {"Ś", "s"}, {"ń", "n"}, {"ś", "s"}, {"ł", "l"}, {"Ł", "l"},
                {"ş", "s"}, {"Ş", "s"}, {"ı", "i"}, {"ç", "c"}, {"Ç", "c"}, {"ü", "u"},
                {"ö", "o"}, {"ż", "z"}, {"ź", "z"}, {"ć", "c"}, {"ę", "e"}, {"ą", "a"},
                {"ó", "o"}, {"ğ", "g"}, {"Ü", "u"}, {"ő", "o"}};
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < outsz;) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            out[n++] = (char)(c | 0x20);
            p++;
            continue;
        }
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
        for (size_t i = 0; i < N(fold); i++)
            if (strncmp(p, fold[i].utf8, strlen(fold[i].utf8)) == 0 && n + 1 < outsz) {
                out[n++] = fold[i].ascii[0];
                break;
            }
        for (size_t i = 0; i < len && *p; i++)
            p++;
    }
    out[n] = '\0';
}

static void make_email(struct demo_rng *r, const char *given, const char *family, char *out,
                       size_t outsz)
{
    static const char *const domains[] = {"example.org", "example.com", "example.net"};
    char g[64], f[64];
    ascii_lower(given, g, sizeof g);
    ascii_lower(family, f, sizeof f);
    if (chance(r, 50))
        snprintf(out, outsz, "%s.%s@%s", g, f, PICK(r, domains));
    else
        snprintf(out, outsz, "%s.%s%u@%s", g, f, (unsigned)demo_rng_below(r, 90) + 10,
                 PICK(r, domains));
}

/* Ofcom reserves these for drama: they will never ring a real phone. */
static void mobile(struct demo_rng *r, char *out, size_t outsz)
{
    snprintf(out, outsz, "07700 900%03u", (unsigned)demo_rng_below(r, 1000));
}

static void landline(struct demo_rng *r, char *out, size_t outsz)
{
    snprintf(out, outsz, "01632 960%03u", (unsigned)demo_rng_below(r, 1000));
}

/* ---- places --------------------------------------------------------------------------------- */

static const char *const streets[] = {
    "Oak",     "Mill",     "Church",   "Station", "Victoria", "Albert",   "Park",     "Queen's",
    "King's",  "Meadow",   "Orchard",  "Willow",  "Chestnut", "Beech",    "Elm",      "Hawthorn",
    "Brook",   "Riverside", "Canal",   "Market",  "Chapel",   "School",   "Windmill", "Heather",
    "Foxglove", "Bluebell", "Primrose", "Sycamore", "Rowan",  "Poplar"};
static const char *const street_kinds[] = {"Road",  "Street", "Avenue",   "Close", "Lane",
                                           "Drive", "Gardens", "Crescent", "Way",  "Court"};
static const char *const towns[] = {"Demoford", "Ashcombe Vale", "Brindlecote",
                                    "Carrowby", "Dunmere",       "Elmstead Parva"};
/* Letters a UK postcode's unit may use (no C, I, K, M, O or V). */
static const char unit_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

/* ---- client groups -------------------------------------------------------------------------- */

struct group {
    const char *name;
    unsigned weight; /* out of 100 */
    int min_age, max_age;
    unsigned easy_read; /* percent */
    const char *const *needs;
    size_t nneeds;
    unsigned needs_percent;
};

static const char *const needs_older[] = {
    "Hard of hearing: face them and speak clearly; no need to shout",
    "Large print letters, please",
    "Living with dementia: short visits, the same worker where possible",
    "Prefers a phone call before any visit",
};
static const char *const needs_physical[] = {
    "Uses a wheelchair: meetings need step-free access",
    "Tires quickly: morning appointments work best",
    "Prefers email to letters",
};
static const char *const needs_sensory[] = {
    "British Sign Language interpreter needed",
    "Registered blind: large print or audio, please",
    "Hard of hearing: uses a hearing loop",
    "Deafblind: uses hands-on signing; needs a communicator guide",
};
static const char *const needs_ld[] = {
    "Prefers easy read information with pictures",
    "Uses Makaton signs alongside speech",
    "Needs information explained in short sentences, one thing at a time",
    "Likes a family member at meetings",
};
static const char *const needs_autism[] = {
    "Prefers written information sent before meetings",
    "Finds phone calls difficult: please email or text",
    "Needs a quiet room without bright lighting for visits",
    "Please give notice of any change to arrangements",
};
static const char *const needs_mh[] = {
    "Prefers appointments in the afternoon",
    "Please contact through their care coordinator first",
    "Finds large meetings difficult: one or two people at most",
};
static const char *const needs_other[] = {"Prefers email to letters"};

static const struct group groups[] = {
    {"older_people", 52, 65, 100, 3, needs_older, N(needs_older), 30},
    {"physical_disability", 12, 18, 64, 3, needs_physical, N(needs_physical), 25},
    {"sensory_impairment", 4, 18, 95, 5, needs_sensory, N(needs_sensory), 90},
    {"learning_disability", 16, 18, 72, 70, needs_ld, N(needs_ld), 70},
    {"autism", 5, 18, 45, 30, needs_autism, N(needs_autism), 70},
    {"mental_health", 10, 18, 70, 3, needs_mh, N(needs_mh), 30},
    {"other", 1, 18, 85, 3, needs_other, N(needs_other), 20},
};

static const struct group *pick_group(struct demo_rng *r)
{
    unsigned x = (unsigned)demo_rng_below(r, 100), acc = 0;
    for (size_t i = 0; i < N(groups); i++) {
        acc += groups[i].weight;
        if (x < acc)
            return &groups[i];
    }
    return &groups[0];
}

/* ---- contacts ------------------------------------------------------------------------------- */

static void set_authority(struct demo_contact *c, const char *authority, const char *scope,
                          const char *notes)
{
    c->authority = authority;
    c->authority_scope = scope;
    snprintf(c->authority_notes, sizeof c->authority_notes, "%s", notes);
}

static void make_contact(struct demo_rng *r, const struct heritage *h, const char *relationship,
                         bool female, int birth_year, const char *family, struct demo_contact *c)
{
    memset(c, 0, sizeof *c);
    const char *given = given_name(r, h, female, birth_year);
    snprintf(c->name, sizeof c->name, "%s %s", given, family);
    snprintf(c->relationship, sizeof c->relationship, "%s", relationship);
    mobile(r, c->phone, sizeof c->phone);
    if (chance(r, 50))
        make_email(r, given, family, c->email, sizeof c->email);
    set_authority(c, "none", "", "");
}

static const char *lpa_scope(struct demo_rng *r)
{
    unsigned x = (unsigned)demo_rng_below(r, 100);
    return x < 50 ? "both" : x < 85 ? "property_and_financial_affairs" : "health_and_welfare";
}

static void make_contacts(struct demo_rng *r, const struct heritage *h, const struct group *g,
                          int birth_year, const char *family, bool female, struct demo_person *p)
{
    struct demo_contact *c = p->contacts;
    char opg[64];
    snprintf(opg, sizeof opg, "OPG reference 7%03u-%04u-%04u", (unsigned)demo_rng_below(r, 1000),
             (unsigned)demo_rng_below(r, 10000), (unsigned)demo_rng_below(r, 10000));
    p->ncontacts = 0;
    if (strcmp(g->name, "older_people") == 0) {
        if (chance(r, 75)) {
            bool daughter = chance(r, 55);
            const char *fam = daughter && chance(r, 50) ? family_name(r, h, true) : family;
            make_contact(r, h, daughter ? "daughter" : "son", daughter,
                         birth_year + 24 + (int)demo_rng_below(r, 14), fam, &c[0]);
            c[0].emergency_contact = chance(r, 85);
            if (chance(r, 30))
                set_authority(&c[0], "lasting_power_of_attorney", lpa_scope(r), opg);
            p->ncontacts = 1;
            if (chance(r, 35)) {
                static const char *const others[] = {"neighbour", "friend", "niece", "nephew"};
                bool spouse = birth_year > 1938 && chance(r, 50);
                const char *rel = spouse ? (female ? "husband" : "wife") : PICK(r, others);
                bool cf = spouse ? !female : (strcmp(rel, "niece") == 0 || chance(r, 50));
                make_contact(r, h, rel, cf, spouse ? birth_year : birth_year + 30,
                             spouse ? family : family_name(r, h, cf), &c[1]);
                p->ncontacts = 2;
            }
        }
    } else if (strcmp(g->name, "learning_disability") == 0 ||
               strcmp(g->name, "autism") == 0) {
        if (chance(r, strcmp(g->name, "autism") == 0 ? 70 : 85)) {
            bool mother = chance(r, 70);
            make_contact(r, h, mother ? "mother" : "father", mother,
                         birth_year - 24 - (int)demo_rng_below(r, 14), family, &c[0]);
            c[0].emergency_contact = true;
            unsigned x = (unsigned)demo_rng_below(r, 100);
            if (x < 15)
                set_authority(&c[0], "deputy", "property_and_financial_affairs",
                              "Court of Protection deputyship order, property and affairs");
            else if (x < 30)
                set_authority(&c[0], "nominated_person", "",
                              "Agreed to receive and manage the direct payment");
            p->ncontacts = 1;
            if (chance(r, 40)) {
                bool sister = chance(r, 50);
                make_contact(r, h, sister ? "sister" : "brother", sister,
                             birth_year + (int)demo_rng_below(r, 9) - 4, family, &c[1]);
                p->ncontacts = 2;
            }
        }
    } else if (chance(r, 55)) {
        static const char *const rels[] = {"partner", "sister", "brother", "friend", "mother"};
        const char *rel = PICK(r, rels);
        bool cf = strcmp(rel, "sister") == 0 || strcmp(rel, "mother") == 0 ||
                  (strcmp(rel, "brother") != 0 && chance(r, 50));
        int year = strcmp(rel, "mother") == 0 ? birth_year - 28 : birth_year;
        const char *fam = strcmp(rel, "friend") == 0 || strcmp(rel, "partner") == 0
                              ? family_name(r, h, cf)
                              : family;
        make_contact(r, h, rel, cf, year, fam, &c[0]);
        c[0].emergency_contact = chance(r, 70);
        if (chance(r, 10))
            set_authority(&c[0], "nominated_person", "",
                          "Agreed to receive and manage the direct payment");
        p->ncontacts = 1;
    }
}

/* ---- people --------------------------------------------------------------------------------- */

void demo_person_generate(struct demo_rng *r, day_t today, uint32_t index, struct demo_person *p)
{
    memset(p, 0, sizeof *p);
    const struct group *g = pick_group(r);
    const struct heritage *h = pick_heritage(r);
    bool female = chance(r, strcmp(g->name, "older_people") == 0 ? 62 : 48);

    int age = g->min_age + (int)demo_rng_below(r, (uint64_t)(g->max_age - g->min_age + 1));
    if (strcmp(g->name, "older_people") == 0 && age > 92 && chance(r, 60))
        age -= 15; /* fewer of the very oldest */
    day_t dob = date_add_months(today, -12 * age) - (day_t)demo_rng_below(r, 365) - 1;
    int y, m, d;
    date_to_ymd(dob, &y, &m, &d);
    p->date_of_birth = dob;

    const char *given = given_name(r, h, female, y);
    const char *family = family_name(r, h, female);
    snprintf(p->given_name, sizeof p->given_name, "%s", given);
    snprintf(p->family_name, sizeof p->family_name, "%s", family);
    for (size_t i = 0; i < N(nicknames); i++)
        if (strcmp(given, nicknames[i].name) == 0 && chance(r, 50))
            snprintf(p->preferred_name, sizeof p->preferred_name, "%s", nicknames[i].nick);

    /* 999 numbers are the NHS's test range. The middle six digits are the index through a
     * bijection of 0..999999 (7919 is coprime to 10^6), so numbers never repeat. */
    char nine[10];
    snprintf(nine, sizeof nine, "999%06u", (unsigned)(((uint64_t)index * 7919u + 104729u) % 1000000u));
    int check = nhs_number_check_digit(nine);
    if (check >= 0) {
        memcpy(p->nhs_number, nine, 9);
        p->nhs_number[9] = (char)('0' + check);
        p->nhs_number[10] = '\0';
    }

    size_t t = demo_rng_below(r, N(towns));
    unsigned house = 1 + (unsigned)demo_rng_below(r, 180);
    const char *street = PICK(r, streets);
    const char *kind = PICK(r, street_kinds);
    if (chance(r, 15)) {
        snprintf(p->address_line1, sizeof p->address_line1, "Flat %u",
                 1 + (unsigned)demo_rng_below(r, 24));
        snprintf(p->address_line2, sizeof p->address_line2, "%u %s %s", house, street, kind);
    } else {
        snprintf(p->address_line1, sizeof p->address_line1, "%u %s %s", house, street, kind);
    }
    snprintf(p->town, sizeof p->town, "%s", towns[t]);
    snprintf(p->postcode, sizeof p->postcode, "DM%u %u%c%c", (unsigned)(t * 2 + 1 + demo_rng_below(r, 2)),
             (unsigned)demo_rng_below(r, 10), unit_letters[demo_rng_below(r, sizeof unit_letters - 1)],
             unit_letters[demo_rng_below(r, sizeof unit_letters - 1)]);
    if (chance(r, 85)) {
        if (chance(r, 50))
            landline(r, p->phone, sizeof p->phone);
        else
            mobile(r, p->phone, sizeof p->phone);
    }
    if (chance(r, strcmp(g->name, "older_people") == 0 ? 15 : 45))
        make_email(r, given, family, p->email, sizeof p->email);

    p->client_group = g->name;
    p->easy_read = chance(r, g->easy_read);
    if (h->interpreter && y < 1975 && chance(r, 40))
        snprintf(p->communication_needs, sizeof p->communication_needs, "%s", h->interpreter);
    else if (chance(r, g->needs_percent))
        snprintf(p->communication_needs, sizeof p->communication_needs, "%s",
                 g->needs[demo_rng_below(r, g->nneeds)]);

    make_contacts(r, h, g, y, family, female, p);
}

/* decline: Russian surnames, first names, patronymics and staff positions put into the case a
 * generated sentence needs («назначить … Лебедеву Н.С., социального педагога»).
 * Invariant: table-driven (an ending decides the paradigm); a form is produced only when the
 * rules decide it — anything else (unknown gender where it matters, an ending no rule covers,
 * a word too long, text that is not UTF-8) comes back unchanged with DECLINE_UNSURE, never as
 * a guessed form. The input's capitalisation and ё are kept. Nothing here keeps state. */
#ifndef PT_DECLINE_H
#define PT_DECLINE_H

enum decline_case {
	DECLINE_NOM, /* именительный: the input itself */
	DECLINE_GEN, /* родительный: (нет) кого? Лебедевой Натальи Сергеевны */
	DECLINE_DAT, /* дательный: кому? Лебедевой Наталье Сергеевне */
	DECLINE_ACC, /* винительный: кого? Лебедеву Наталью Сергеевну */
	DECLINE_INS, /* творительный: кем? Лебедевой Натальей Сергеевной */
	DECLINE_PRE, /* предложный: о ком? о Лебедевой Наталье Сергеевне */
};

enum decline_gender { DECLINE_UNKNOWN, DECLINE_MALE, DECLINE_FEMALE };

enum decline_result {
	DECLINE_DONE,   /* *out is the form asked for (an indeclinable word: the word itself) */
	DECLINE_UNSURE, /* the rules do not decide: *out is a copy of the input, unchanged */
};

/* The person's gender: from the patronymic (-вич/-ич, -оглы/-улы → male; -вна/-чна,
 * -кызы/-гызы → female), else from the first name (-а/-я → female except Илья, Никита, Фома,
 * Кузьма, Лука, Савва, Данила, Гаврила; a consonant or -й → male; -ь by a list: Игорь male,
 * Любовь female), else DECLINE_UNKNOWN. Either argument may be NULL or "". */
enum decline_gender decline_gender_of(const char *name, const char *patronymic);

/* Each function below writes to *out a new string (free it with free()), never NULL, and
 * returns DECLINE_DONE or DECLINE_UNSURE (*out then equals the input). DECLINE_NOM is always
 * DONE. Input longer than 255 bytes, or not valid UTF-8, is UNSURE. */

/* A surname (double-barrelled ones with "-": each part on its own; UNSURE when a part is).
 * With DECLINE_UNKNOWN gender the form is given only where the male and the female rules
 * agree (Сковорода → Сковороде, Шевченко, Черных), so Лебедева stays Лебедева. */
enum decline_result decline_surname(const char *surname, enum decline_gender g, enum decline_case c,
				    char **out);
/* A first name (Павел → Павла, Лев → Льва, Пётр → Петра, Илья → Ильёй, Любовь → Любовью). */
enum decline_result decline_name(const char *name, enum decline_gender g, enum decline_case c, char **out);
/* A patronymic; its ending gives the gender (Сергеевич → Сергеевичем, Сергеевна → Сергеевне,
 * Ильич → Ильичом; Гейдар оглы, Алиевна кызы stay). */
enum decline_result decline_patronymic(const char *patronymic, enum decline_case c, char **out);
/* A surname with initials, in either order: «Лебедева Н.С.» → «Лебедеву Н.С.», «Н. С.
 * Лебедева» → «Н. С. Лебедеву». The initials stay; the surname is declined as above. */
enum decline_result decline_initials(const char *text, enum decline_gender g, enum decline_case c,
				     char **out);
/* «Фамилия Имя Отчество» from its parts (NULL or "" parts are left out); the gender comes
 * from decline_gender_of. DONE only when every part is. */
enum decline_result decline_person(const char *surname, const char *name, const char *patronymic,
				   enum decline_case c, char **out);
/* A staff position: its head noun phrase declines — adjectives before the head noun, the head
 * (hyphenated heads part by part: педагог-психолог → педагога-психолога), a nominative
 * adjective right after it (педагог социальный) — and the rest stays («заместитель директора
 * по учебно-воспитательной работе» → «заместителя директора по …»). Parts separated by ", "
 * are declined each («преподаватель, куратор группы» → «преподавателя, куратора группы»).
 * The head must be a known position noun (a list and the agent suffixes -тель, -лог, -ист,
 * -тор, -ник, …), else UNSURE. Position nouns decline as masculine (or feminine for
 * медсестра, сестра) whatever the person's gender. */
enum decline_result decline_position(const char *position, enum decline_case c, char **out);

#endif

/* gen: writes a synthetic, fictional input folder of N graduates for `make bench`.
 * Invariants: the bytes written depend only on N and the seed (a fixed PRNG, no clock, no
 * locale); the tables have the sample's headers, encodings and delimiters (graduates.csv
 * Windows-1251 with ';' and CRLF; staff.csv UTF-8 with BOM, ',', LF; the others UTF-8 with
 * BOM, ';', CRLF); "today" is 23.11.2026 as in input/, and no record, hiring or graduation
 * lies after it (only plan items may be due later). Every person and place is invented. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/xalloc.h"

#define NELEM(a) (sizeof(a) / sizeof *(a))
#define NSTAFF 20

static const struct date TODAY = {2026, 11, 23};

/* ---- deterministic randomness (splitmix64) ------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [lo, hi]. */
static int between(int lo, int hi)
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

/* True with probability permille / 1000. */
static int chance(int permille)
{
	return (int)(rnd() % 1000) < permille;
}

#define PICK(a) ((a)[rnd() % NELEM(a)])

/* An index drawn by the weights w[0..n-1]. */
static size_t weighted(const int *w, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	int x = between(0, sum - 1);
	for (size_t i = 0; i < n; i++)
		if ((x -= w[i]) < 0)
			return i;
	return n - 1;
}

/* ---- word pools ---------------------------------------------------------------------- */

static const char *const SURNAME_M[] = {
	"Зуев", "Мальцев", "Лосев", "Ерёмин", "Гончаров", "Соловьёв", "Панфилов", "Корнилов",
	"Шестаков", "Воробьёв", "Тихонов", "Ершов", "Киселёв", "Рябов", "Фомин", "Дьячков",
	"Ковалёв", "Сорокин", "Титов", "Белоусов", "Медведев", "Лаптев", "Пестов", "Щукин",
	"Ястребов", "Чернов", "Жданов", "Юдин", "Эйхман", "Царёв", "Хохлов", "Нефёдов"};
static const char *const SURNAME_F[] = {
	"Зуева", "Мальцева", "Лосева", "Ерёмина", "Гончарова", "Соловьёва", "Панфилова",
	"Корнилова", "Шестакова", "Воробьёва", "Тихонова", "Ершова", "Киселёва", "Рябова",
	"Фомина", "Дьячкова", "Ковалёва", "Сорокина", "Титова", "Белоусова", "Медведева",
	"Лаптева", "Пестова", "Щукина", "Ястребова", "Чернова", "Жданова", "Юдина", "Царёва",
	"Хохлова", "Нефёдова", "Ёлкина"};
static const char *const NAME_M[] = {
	"Артём", "Илья", "Матвей", "Семён", "Фёдор", "Никита", "Денис", "Глеб", "Тимофей",
	"Егор", "Даниил", "Кирилл", "Пётр", "Савелий", "Ярослав", "Всеволод"};
static const char *const NAME_F[] = {
	"Кристина", "Алёна", "Дарья", "Полина", "Ксения", "Валерия", "Софья", "Алина",
	"Милана", "Ульяна", "Есения", "Таисия", "Василиса", "Олеся", "Арина", "Злата"};
static const char *const PATRONYMIC_M[] = {
	"Сергеевич", "Андреевич", "Олегович", "Викторович", "Игоревич", "Денисович",
	"Артёмович", "Фёдорович", "Николаевич", "Юрьевич", "Ильич", "Петрович"};
static const char *const PATRONYMIC_F[] = {
	"Сергеевна", "Андреевна", "Олеговна", "Викторовна", "Игоревна", "Денисовна",
	"Артёмовна", "Фёдоровна", "Николаевна", "Юрьевна", "Ильинична", "Петровна"};
static const char *const STREET[] = {
	"ул. Литейная", "пр. Металлургов", "ул. Заречная", "ул. Студенческая", "ул. Ёлочная",
	"ул. Школьная", "пер. Кузнечный", "ул. Молодёжная", "ул. 50 лет Октября", "б-р Победы",
	"ул. Набережная", "ул. Шахтёров"};
static const char *const TOWN[] = {
	"г. Верхнеборск", "г. Верхнеборск", "г. Верхнеборск", "г. Каменск-Заречный",
	"с. Каменка Верхнеборского р-на", "пос. Лесной"};
static const char *const SOCIAL[] = {
	"сирота", "лицо из числа детей-сирот", "оставшийся без попечения родителей",
	"лицо из числа детей, оставшихся без попечения родителей"};
static const char *const STATUS[] = {
	"трудоустроен", "обучается", "не работает и не учится", "служба в армии",
	"отпуск по уходу за ребёнком", "другое"};
static const int STATUS_W[] = {16, 8, 5, 5, 3, 3};
static const char *const EMPLOYER[] = {
	"АО «Верхнеборский машиностроительный завод»", "ООО \"Северный хлеб\"",
	"ООО «Торговый дом «Заречье» (магазин «Семейный», ул. Ленина, 40)",
	"ГБУЗ «Верхнеборская городская больница»", "ООО «Автоцентр Север»",
	"МУП «Водоканал г. Верхнеборска»", "ООО «Комбинат питания «Северянка»",
	"ИП Алексеева Ю. В. (салон «Локон»)", "ООО \"Стройресурс\"", "АО «Заречьеэнерго»"};
static const char *const POSITION[] = {
	"электросварщик ручной сварки 3 разряда", "продавец-кассир", "повар 4 разряда",
	"слесарь по ремонту автомобилей", "оператор ЭВМ", "парикмахер", "кондитер",
	"электромонтёр по ремонту и обслуживанию электрооборудования", "младшая медицинская сестра",
	"каменщик 3 разряда"};
static const char *const SCHOOL[] = {
	"ФГБОУ ВО «Заречинский государственный технический университет»",
	"ГБПОУ «Каменский медицинский колледж»", "ФГБОУ ВО «Заречинский педагогический университет»",
	"ГБПОУ «Верхнеборский политехнический колледж» (заочное отделение)"};
static const char *const SPECIALTY[] = {
	"38.03.01 Экономика, 1 курс, проживает в общежитии",
	"34.02.01 Сестринское дело, 1 курс, проживает в семье тёти",
	"44.03.01 Педагогическое образование, заочно, проживает в предоставленной квартире",
	"15.02.16 Технология машиностроения, 2 курс, общежитие № 2"};
static const char *const IDLE_REASON[] = {
	"Уволился по собственному желанию, ищет работу; состоит на учёте в ЦЗН.",
	"Не может найти работу по специальности в районе проживания; от переобучения отказался.",
	"Длительное лечение после травмы (перелом ноги, март 2026 г.), оформляет инвалидность.",
	"Ухаживает за больной бабушкой; работу ищет «по объявлениям», без помощи ЦЗН."};
static const char *const OTHER_REASON[] = {
	"Работает без оформления (сезонные работы на ферме), от официального трудоустройства отказывается.",
	"Переехал в другой регион, сведения получены со слов знакомых — не подтверждены.",
	"Занимается домашним хозяйством, воспитывает младшего брата (оформлена опека)."};
static const char *const BODY[] = {
	"ЦЗН г. Верхнеборска", "органы опеки и попечительства администрации г. Верхнеборска",
	"УИИ по Верхнеборскому району", "КЦСОН г. Верхнеборска", "отделение СФР по Заречной области"};
static const char *const GROUP[] = {"ТО", "ПК", "СВ", "ЭМ", "ПО"};
static const char *const EMPLOYER_MENTOR[] = {
	"Гаврилов П.Н.", "Мельникова Т.А.", "Сидоренко В.М.", "Алексеева Ю.В.", "Чистякова Е.Ё."};

/* Sentences for the long texts: «», —, ё, quotes, commas and semicolons on purpose. */
static const char *const FAMILY[] = {
	"Мать умерла в 2011 г., отец неизвестен (в свидетельстве о рождении — прочерк).",
	"С семи лет воспитывался в ГКУ «Верхнеборский центр помощи детям, оставшимся без попечения родителей».",
	"Поддерживает отношения с тётей по линии матери, которая приглашает на праздники, но материально помогать не может.",
	"Мать лишена родительских прав (злоупотребление алкоголем), общение эпизодическое, по инициативе матери, чаще всего с просьбами о деньгах.",
	"Есть младший брат, находится в приёмной семье; выпускник поддерживает с ним тёплые отношения и навещает по выходным.",
	"Отец отбывает наказание в исправительной колонии, переписку не ведёт; бабушка по линии отца умерла в 2019 г.",
	"Воспитывался в приёмной семье Ершовых с 2012 г.; по достижении совершеннолетия отношения с приёмными родителями сохранились — «звонит каждую неделю».",
	"Родственники, готовые принять участие в жизни выпускника, не выявлены; сведения о старшей сестре отсутствуют.",
	"Особенности воспитания: рано привык к самостоятельности, недоверчив к взрослым, но охотно принимает помощь куратора."};
static const char *const HOUSING[] = {
	"Жилое помещение специализированного жилищного фонда по договору найма (1-комн. кв., 30,2 кв. м); квартира в хорошем состоянии.",
	"Проживает в общежитии колледжа по договору найма (комн. 412); состоит в списке детей-сирот, подлежащих обеспечению жилым помещением.",
	"Закреплённое жильё: 1/3 доли в 2-комн. квартире, где проживает отчим; проживание невозможно (акт обследования).",
	"Снимает комнату у знакомых; оплата — 8 000 руб. в месяц, договор не заключён.",
	"Мебель приобретена за счёт выплаты на обзаведение; задолженности по коммунальным платежам нет."};
static const char *const NOTE[] = {
	"Производственную практику проходил на заводе и получил предложение о трудоустройстве.",
	"Занимается самбо в ДЮСШ № 1, кандидат в мастера спорта, помогает тренеру с младшими группами.",
	"Спокойный, ответственный, в коллективе конфликтов нет; вредных привычек не имеет.",
	"Привлекалась к административной ответственности по ст. 20.21 КоАП РФ (появление в общественном месте в состоянии опьянения).",
	"Увлекается рисованием, участвовала в областном конкурсе «Молодые таланты Заречья» — диплом II степени.",
	"В 2025 г. вступил в брак; супруга — медицинская сестра городской больницы.",
	"Со слов классного руководителя, «легко поддаётся влиянию компании», нуждается в контроле.",
	"Получает социальную пенсию по потере кормильца; пенсия зачисляется на карту, распоряжается ею самостоятельно.",
	"Медицинская группа здоровья — основная; на учёте у нарколога и психиатра не состоит."};
static const char *const CONCLUSION[] = {
	"Выпускник успешно социализирован: трудоустроен, закрепился на рабочем месте, самостоятельно оплачивает жильё и коммунальные услуги.",
	"Цели патроната достигнуты частично: сохраняются трудности в планировании бюджета, вновь возникла задолженность за электроэнергию.",
	"Контакт с выпускником утрачен в течение полугода; сведения получены от органов опеки и «по месту жительства».",
	"Выпускница справляется с ролью матери, получает все положенные выплаты; оформила единое пособие через портал Госуслуг.",
	"Положительная динамика: окончил курсы повышения квалификации, получил 4 разряд, взят на должность бригадира.",
	"Сохраняется риск асоциального поведения — круг общения прежний, на профилактические беседы является неохотно."};
static const char *const RECOMMEND[] = {
	"Снять с патронатного сопровождения в связи с истечением срока.",
	"Рекомендовать обучение по программе повышения квалификации за счёт работодателя.",
	"При необходимости обращаться к социальному педагогу колледжа; телефон и адрес электронной почты сообщены.",
	"Продолжить взаимодействие с ЦЗН г. Верхнеборска по подбору вакансий; повторная консультация психолога — в течение квартала.",
	"Передать сведения о выпускнике в КЦСОН для продолжения социального сопровождения."};
static const char *const FEATURES[] = {
	"Адаптация на рабочем месте проходит успешно, закреплён наставник.",
	"Присвоен разряд, заработная плата выросла; появились друзья в трудовом коллективе.",
	"Проживает один в предоставленной квартире; поддерживает порядок, но готовит редко.",
	"Замкнут, на контакт идёт неохотно; сменил номер телефона, не сообщив куратору.",
	"Учится без задолженностей, сессию сдал на «хорошо» и «отлично».",
	"Проходит военную службу по призыву в войсковой части; письма пишет тёте."};
static const char *const DIFFICULTY[] = {
	"Не умеет планировать расходы: к концу месяца не хватает денег на продукты.",
	"Трудности не выявлены.",
	"Задержал оплату за электроэнергию; долг — 3 412 руб.",
	"Конфликт с соседями по общежитию — «не даёт спать», жалоба коменданта.",
	"Вопросы регистрации супруги в жилом помещении специализированного фонда."};
static const char *const HELP[] = {
	"Консультация по составлению личного бюджета; помощь в подключении автоплатежа за коммунальные услуги.",
	"Беседа о профессиональных планах, информирование о программах повышения квалификации.",
	"Разъяснены условия договора найма; направлен на консультацию юриста.",
	"Сопровождение при постановке на учёт в ЦЗН, помощь в составлении резюме.",
	"Итоговая беседа, анкетирование по удовлетворённости патронатом."};
static const char *const PLANNED[] = {
	"Контроль оплаты коммунальных услуг; консультации по финансовой грамотности.",
	"Консультации по запросу.", "Не требуется.",
	"Сопровождение при заключении договора социального найма.",
	"Повторная консультация педагога-психолога, посещение по месту жительства."};
static const char *const EVENT[] = {
	"Индивидуальная профилактическая беседа с участием инспектора УИИ о соблюдении условий испытательного срока",
	"Направление на консультацию врача психиатра-нарколога ГБУЗ «Верхнеборская городская больница»",
	"Совместный с участковым уполномоченным полиции выезд по месту фактического проживания выпускника",
	"Содействие в прохождении медико-социальной экспертизы (сбор документов, сопровождение в бюро МСЭ)",
	"Сопровождение при постановке на учёт в ЦЗН г. Верхнеборска",
	"Практикум «Как составить резюме и пройти собеседование»",
	"Помощь в оформлении единого пособия на ребёнка через портал Госуслуг",
	"Запрос в военный комиссариат о месте прохождения военной службы выпускника"};
static const char *const EVENT_ITEM[] = {"1.3", "2.1.3", "2.2.2", "2.4.3", "2.4.4", "2.5.3", "3.6", "4.6"};
static const char *const MONTH[] = {
	"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
	"октябрь", "ноябрь", "декабрь"};
static const char *const RESPONSIBLE[] = {
	"педагог социальный", "педагог-психолог", "классный руководитель", "учитель-дефектолог"};
static const char *const FORM[] = {
	"педагог – студент", "педагог – педагог", "работодатель – студент", "студент – студент"};
static const int FORM_W[] = {10, 6, 5, 5};

/* ---- staff --------------------------------------------------------------------------- */

struct person {
	const char *surname, *name, *patronymic;
};

/* The staff: every role, one keeper of the documentation (S02), curators from S02 on. */
static const struct {
	const char *surname, *name, *patronymic, *position, *role, *keeps;
} STAFF[NSTAFF] = {
	{"Колесников", "Андрей", "Викторович", "Директор", "руководитель", "нет"},
	{"Лебедева", "Наталья", "Сергеевна", "Социальный педагог", "педагог социальный", "да"},
	{"Громова", "Ирина", "Павловна", "Заместитель директора по учебно-воспитательной работе", "заместитель руководителя", "нет"},
	{"Ковалёв", "Денис", "Андреевич", "Педагог-психолог", "педагог-психолог", "нет"},
	{"Тимофеева", "Ольга", "Николаевна", "Учитель-дефектолог", "учитель-дефектолог", "нет"},
	{"Соколова", "Марина", "Викторовна", "Преподаватель, куратор учебной группы ПК-41", "классный руководитель", "нет"},
	{"Белов", "Сергей", "Иванович", "Мастер производственного обучения", "педагог", "нет"},
	{"Жукова", "Елена", "Алексеевна", "Преподаватель, куратор учебной группы ТО-31", "классный руководитель", "нет"},
	{"Фёдорова", "Анастасия", "Игоревна", "Преподаватель информатики", "педагог", "нет"},
	{"Осипова", "Людмила", "Петровна", "Социальный педагог (0,5 ставки)", "педагог социальный", "нет"},
	{"Ёжиков", "Роман", "Олегович", "Педагог-психолог", "педагог-психолог", "нет"},
	{"Прохорова", "Вера", "Ильинична", "Преподаватель, куратор учебной группы СВ-21", "классный руководитель", "нет"},
	{"Степанов", "Михаил", "Юрьевич", "Мастер производственного обучения", "педагог", "нет"},
	{"Гаврилова", "Татьяна", "Сергеевна", "Преподаватель, куратор учебной группы ЭМ-31", "классный руководитель", "нет"},
	{"Юсупов", "Ринат", "Маратович", "Преподаватель физической культуры", "педагог", "нет"},
	{"Щербакова", "Инна", "Львовна", "Преподаватель русского языка и литературы", "педагог", "нет"},
	{"Карпова", "Светлана", "Андреевна", "Преподаватель, куратор учебной группы ПО-11", "классный руководитель", "нет"},
	{"Лыков", "Игорь", "Валентинович", "Педагог-организатор", "педагог", "нет"},
	{"Морозова", "Алла", "Борисовна", "Заместитель директора по учебно-производственной работе", "заместитель руководителя", "нет"},
	{"Рыбакова", "Дина", "Эдуардовна", "Преподаватель, куратор учебной группы ТО-41", "классный руководитель", "нет"},
};

/* "Фамилия И.О." of staff member i (0-based). */
static void staff_short(struct buf *b, size_t i)
{
	char n[4], p[4];
	memcpy(n, STAFF[i].name, 2), n[2] = 0;
	memcpy(p, STAFF[i].patronymic, 2), p[2] = 0;
	buf_printf(b, "%s %s.%s.", STAFF[i].surname, n, p);
}

/* ---- text helpers ---------------------------------------------------------------------- */

static size_t nchars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* A text of lo..hi characters (at least one sentence) from pool; with a line break inside
 * when multiline. Sentences never repeat back to back. */
static char *long_text(const char *const *pool, size_t n, size_t lo, size_t hi, int multiline)
{
	struct buf b = BUF_INIT;
	size_t last = n, target = (size_t)between((int)lo, (int)hi), sentences = 0;
	while (nchars(b.data ? b.data : "", b.len) < target) {
		size_t k = rnd() % n;
		if (k == last)
			k = (k + 1) % n;
		size_t have = nchars(b.data ? b.data : "", b.len), add = nchars(pool[k], strlen(pool[k]));
		if (sentences > 0 && have >= lo && have + add + 1 > hi)
			break;
		if (sentences > 0)
			buf_addc(&b, multiline && sentences == 2 ? '\n' : ' ');
		buf_adds(&b, pool[k]);
		last = k, sentences++;
	}
	return buf_take(&b);
}

/* A text of 300..800 characters with probability permille / 1000, else of 60..250 (the
 * sample's mix: most cells are a sentence or two, a few run long). */
static char *text(const char *const *pool, size_t n, int permille, int multiline)
{
	return chance(permille) ? long_text(pool, n, 300, 800, multiline) : long_text(pool, n, 60, 250, multiline);
}

static char *fmt_date(struct date d)
{
	char s[16];
	date_format(d, s, sizeof s);
	return xstrdup(s);
}

/* A day between a and b inclusive (a <= b). */
static struct date day_between(struct date a, struct date b)
{
	return date_from_days(date_days(a) + (long)(rnd() % (uint64_t)(date_days(b) - date_days(a) + 1)));
}

static struct date date_min(struct date a, struct date b)
{
	return date_cmp(a, b) < 0 ? a : b;
}

/* ---- CSV ----------------------------------------------------------------------------- */

/* Appends one cell as Excel writes it: quoted (quotes doubled) when it holds the
 * delimiter, a quote or a line break. */
static void csv_cell(struct buf *b, const char *s, char delim, int first)
{
	if (!first)
		buf_addc(b, delim);
	if (!strchr(s, delim) && !strchr(s, '"') && !strchr(s, '\n')) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Appends a row of n cells (each freed) and the line end. */
static void csv_row(struct buf *b, char **cells, size_t n, char delim, const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		csv_cell(b, cells[i] ? cells[i] : "", delim, i == 0);
		free(cells[i]);
	}
	buf_adds(b, eol);
}

static void csv_header(struct buf *b, const char *const *h, size_t n, char delim, const char *eol)
{
	for (size_t i = 0; i < n; i++)
		csv_cell(b, h[i], delim, i == 0);
	buf_adds(b, eol);
}

/* ---- files --------------------------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *data, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
}

/* Writes data (UTF-8) converted to Windows-1251. */
static void write_cp1251(const char *dir, const char *name, const char *data, size_t n)
{
	iconv_t cd = iconv_open("CP1251", "UTF-8");
	if (cd == (iconv_t)-1) {
		fprintf(stderr, "gen: iconv cannot convert to CP1251\n");
		exit(1);
	}
	char *out = xmalloc(n + 1), *in = (char *)data, *op = out;
	size_t inleft = n, outleft = n + 1;
	if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
		fprintf(stderr, "gen: %s: a character has no Windows-1251 byte\n", name);
		exit(1);
	}
	iconv_close(cd);
	write_file(dir, name, out, (size_t)(op - out));
	free(out);
}

/* ---- graduates ------------------------------------------------------------------------- */

struct grad {
	char id[16];
	struct date grad;
	size_t curator;
};

static const char *const GRAD_HEADER[] = {
	"Код", "Фамилия", "Имя", "Отчество", "Дата рождения", "Дата выпуска", "Адрес",
	"Социальный статус", "Характеристика семьи", "Жилищные условия", "Жизнеустройство",
	"Организация", "Специальность, должность", "Дата поступления", "Причина",
	"По специальности", "Диплом с отличием", "Поступил в вуз", "Вторая специальность",
	"Учёт в ЦЗН", "Правонарушение", "Асоциальный образ жизни", "Отказ от воспитания детей",
	"Не завершил обучение", "Куратор", "Дополнительная информация", "Выводы", "Рекомендации"};
enum { G_NCOLS = NELEM(GRAD_HEADER), G_FLAGS = 15, G_NFLAGS = 9 };

/* The graduation (or expulsion) date of a graduate of year y. */
static struct date grad_date(int y, int dropped)
{
	static const int summer[][2] = {{28, 6}, {30, 6}, {1, 7}, {2, 7}, {3, 7}};
	if (dropped)
		return day_between((struct date){y, 1, 10}, (struct date){y, 5, 31});
	int k = between(0, 19);
	if (k == 0)
		return (struct date){y, 2, between(26, 27)};
	if (k == 1 && y < TODAY.y)
		return (struct date){y, 12, 20};
	int s = between(0, NELEM(summer) - 1);
	return (struct date){y, summer[s][1], summer[s][0]};
}

static char *yesno(int permille)
{
	return xstrdup(chance(permille) ? "да" : "нет");
}

/* Fills organisation, position, since, reason and «по специальности» for the status. */
static void life(char **c, size_t st, struct date g)
{
	struct date hired = date_min(date_add_days(g, between(10, 120)), date_add_days(TODAY, -3));
	switch (st) {
	case 0:
		c[11] = xstrdup(PICK(EMPLOYER)), c[12] = xstrdup(PICK(POSITION)), c[13] = fmt_date(hired);
		break;
	case 1:
		c[11] = xstrdup(PICK(SCHOOL)), c[12] = xstrdup(PICK(SPECIALTY));
		c[13] = fmt_date(date_min((struct date){g.m > 8 ? g.y + 1 : g.y, 9, 1}, TODAY));
		break;
	case 2:
		c[14] = xstrdup(PICK(IDLE_REASON));
		break;
	case 3:
		c[11] = xasprintf("войсковая часть %05d", between(10000, 99999));
		c[12] = xstrdup("военнослужащий по призыву"), c[13] = fmt_date(hired);
		break;
	case 4:
		c[11] = xstrdup(PICK(EMPLOYER)), c[12] = xstrdup(PICK(POSITION)), c[13] = fmt_date(hired);
		c[14] = xstrdup("Отпуск по уходу за ребёнком до достижения им возраста 1,5 лет.");
		break;
	default:
		c[14] = xstrdup(PICK(OTHER_REASON));
	}
	c[15] = st == 0 || st == 4 ? yesno(850) : xstrdup("");
}

/* One graduate row (ids in order of year, then number). */
static void graduate_row(struct buf *b, struct grad *gr, int year, int num)
{
	char *c[G_NCOLS] = {0};
	int female = chance(500), dropped = chance(20);
	size_t st = weighted(STATUS_W, NELEM(STATUS_W));
	snprintf(gr->id, sizeof gr->id, "%d-%04d", year, num);
	gr->grad = grad_date(year, dropped);
	do
		gr->curator = (size_t)between(1, NSTAFF - 1);
	while (strcmp(STAFF[gr->curator].role, "заместитель руководителя") == 0);
	c[0] = xstrdup(gr->id);
	c[1] = xstrdup(female ? PICK(SURNAME_F) : PICK(SURNAME_M));
	c[2] = xstrdup(female ? PICK(NAME_F) : PICK(NAME_M));
	c[3] = xstrdup(female ? PICK(PATRONYMIC_F) : PICK(PATRONYMIC_M));
	c[4] = fmt_date(day_between((struct date){year - 21, 1, 1}, (struct date){year - 19, 8, 31}));
	c[5] = fmt_date(gr->grad);
	c[6] = xasprintf("Заречная обл., %s, %s, д. %d, кв. %d", PICK(TOWN), PICK(STREET),
			 between(1, 120), between(1, 240));
	c[7] = xstrdup(PICK(SOCIAL));
	c[8] = text(FAMILY, NELEM(FAMILY), 300, 0);
	c[9] = chance(50) ? xstrdup("") : long_text(HOUSING, NELEM(HOUSING), 60, 250, 0);
	c[10] = xstrdup(STATUS[st]);
	life(c, st, gr->grad);
	/* honours, university, second specialty, ЦЗН, offence, antisocial, parental, dropped */
	const int flag[G_NFLAGS - 1] = {60, st == 1 ? 600 : 0, 70, st == 2 ? 400 : 10, 40, 20, 5, 0};
	int blank = chance(100);
	for (int f = 0; f < G_NFLAGS - 1; f++)
		c[G_FLAGS + 1 + f] = blank ? xstrdup("") : yesno(flag[f]);
	if (dropped)
		free(c[23]), c[23] = xstrdup("да");
	if (blank)
		free(c[15]), c[15] = xstrdup("");
	c[24] = xasprintf("S%02zu", gr->curator + 1);
	c[25] = text(NOTE, NELEM(NOTE), 100, chance(300));
	int ended = date_cmp(date_add_months(gr->grad, 24), TODAY) <= 0;
	c[26] = ended || chance(30) ? text(CONCLUSION, NELEM(CONCLUSION), 150, 0) : xstrdup("");
	c[27] = year == TODAY.y && chance(300) ? xstrdup("")
		: text(RECOMMEND, NELEM(RECOMMEND), 100, 0);
	csv_row(b, c, G_NCOLS, ';', "\r\n");
}

/* ---- records, events, pairs ------------------------------------------------------------- */

static void record_row(struct buf *b, const struct grad *g, struct date d)
{
	struct buf by = BUF_INIT;
	staff_short(&by, g->curator);
	if (chance(300))
		buf_adds(&by, ", "), staff_short(&by, 1);
	if (chance(250))
		buf_printf(&by, ", %s", PICK(BODY));
	char *c[7] = {xstrdup(g->id), fmt_date(d), long_text(FEATURES, NELEM(FEATURES), 30, 120, 0),
		      xstrdup(PICK(DIFFICULTY)), long_text(HELP, NELEM(HELP), 30, 120, 0),
		      buf_take(&by), xstrdup(PICK(PLANNED))};
	csv_row(b, c, 7, ';', "\r\n");
}

/* One record per half-year that has ended (a few missing on purpose, a few doubled), and
 * one for some running half-years; always 8 days away from the half-year's ends. */
static void records_of(struct buf *b, const struct grad *g)
{
	for (int h = 0; h < 4; h++) {
		struct date s = date_add_months(g->grad, 6 * h), e = date_add_months(g->grad, 6 * h + 6);
		struct date lo = date_add_days(s, 8), hi = date_min(date_add_days(e, -8), TODAY);
		if (date_cmp(lo, hi) > 0)
			continue;
		int ended = date_cmp(e, TODAY) <= 0;
		if (ended ? chance(40) : !chance(400))
			continue;
		int times = ended && chance(40) ? 2 : 1;
		for (int t = 0; t < times; t++)
			record_row(b, g, day_between(lo, hi));
	}
}

static void events_of(struct buf *b, const struct grad *g)
{
	if (!chance(300))
		return;
	int n = between(1, 3), first = between(0, NELEM(EVENT_ITEM) - 1);
	for (int k = 0; k < n; k++) {
		const char *item = EVENT_ITEM[(first + k) % NELEM(EVENT_ITEM)];
		struct date due = day_between(date_add_days(g->grad, 20), date_add_months(g->grad, 24));
		char *c[7] = {xstrdup(g->id), xasprintf("%c", item[0]), xstrdup(item), xstrdup(PICK(EVENT)),
			      chance(500) ? fmt_date(due) : xasprintf("%s %d", MONTH[due.m - 1], due.y),
			      chance(500) ? xstrdup(PICK(RESPONSIBLE)) : xasprintf("S%02d", between(2, NSTAFF)),
			      NULL};
		if (date_cmp(due, TODAY) < 0 && chance(850)) {
			char d[16];
			date_format(date_add_days(due, -between(0, 9)), d, sizeof d);
			c[6] = chance(800) ? xasprintf("выполнено %s", d) : xstrdup(d);
		}
		csv_row(b, c, 7, ';', "\r\n");
	}
}

/* A student "Фамилия Имя, гр. XX-NN". */
static char *student(int course)
{
	int f = chance(500);
	return xasprintf("%s %s, гр. %s-%d1", f ? PICK(SURNAME_F) : PICK(SURNAME_M),
			 f ? PICK(NAME_F) : PICK(NAME_M), PICK(GROUP), course);
}

/* Pairs of academic year y (its start); student mentees are the ng graduates of year
 * y + 1 at gs, or students when there are none. */
static void pairs_of_year(struct buf *b, int y, size_t npairs, const struct grad *gs, size_t ng)
{
	for (size_t k = 0; k < npairs; k++) {
		size_t form = weighted(FORM_W, NELEM(FORM_W));
		int running = y == TODAY.y;
		char *c[7] = {0};
		c[0] = form == 2 ? xasprintf("%s (%s)", PICK(EMPLOYER), PICK(EMPLOYER_MENTOR))
		       : form == 3 ? student(3) : xasprintf("S%02d", between(2, NSTAFF));
		if (form == 1) {
			int f = chance(500);
			c[1] = xasprintf("%s %s %s", f ? PICK(SURNAME_F) : PICK(SURNAME_M),
					 f ? PICK(NAME_F) : PICK(NAME_M), f ? PICK(PATRONYMIC_F) : PICK(PATRONYMIC_M));
		} else if (form == 3 || ng == 0) {
			c[1] = student(1);
		} else {
			c[1] = xstrdup(gs[rnd() % ng].id);
		}
		c[2] = xstrdup(FORM[form]);
		c[3] = fmt_date((struct date){y, form == 2 ? 10 : 9, between(1, 28)});
		c[4] = running && chance(700) ? xstrdup("") : fmt_date((struct date){y + 1, 6, 30});
		c[5] = running ? xstrdup("") : xasprintf("%d", between(60, 100));
		c[6] = running ? xstrdup("") : xasprintf("%d", between(60, 100));
		csv_row(b, c, 7, ';', "\r\n");
	}
}

/* ---- staff and institution -------------------------------------------------------------- */

static void write_staff(const char *dir)
{
	static const char *const h[] = {"Код", "Фамилия", "Имя", "Отчество", "Должность", "Роль",
					"Ведёт документацию"};
	struct buf b = BUF_INIT;
	buf_adds(&b, "\xEF\xBB\xBF");
	csv_header(&b, h, NELEM(h), ',', "\n");
	for (size_t i = 0; i < NSTAFF; i++) {
		char *c[7] = {xasprintf("S%02zu", i + 1), xstrdup(STAFF[i].surname), xstrdup(STAFF[i].name),
			      xstrdup(STAFF[i].patronymic), xstrdup(STAFF[i].position),
			      xstrdup(STAFF[i].role), xstrdup(STAFF[i].keeps)};
		csv_row(&b, c, 7, ',', "\n");
	}
	write_file(dir, "staff.csv", b.data, b.len);
	buf_free(&b);
}

/* institution.xml in the sample's shape; per-year totals scaled to the graduates of each
 * year (about one graduate in sixteen is under patronage). */
static void write_institution(const char *dir, const size_t per_year[3], size_t pairs)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<institution>\n"
		 "  <name>Государственное бюджетное профессиональное образовательное учреждение «Верхнеборский политехнический колледж»</name>\n"
		 "  <short-name>ГБПОУ «Верхнеборский политехнический колледж»</short-name>\n"
		 "  <parent>Министерство образования и науки Заречной области</parent>\n"
		 "  <city>Верхнеборск</city>\n  <director>\n    <position>Директор</position>\n"
		 "    <surname>Колесников</surname><name>Андрей</name><patronymic>Викторович</patronymic>\n"
		 "  </director>\n  <order number=\"245-о\" date=\"2026-09-01\"/>\n"
		 "  <academic-year>2026</academic-year>\n"
		 "  <!-- synthetic: written by bench/gen, totals scaled to the generated graduates -->\n");
	for (int y = 2023; y <= 2026; y++) {
		size_t g = 16 * per_year[y == 2026 ? 2 : y - 2023] + 8;
		buf_printf(&b, "  <year start=\"%d\" graduates=\"%zu\" admitted=\"%zu\" need-mentor=\"%zu\" "
			   "students=\"%zu\"/>\n", y, g, g * 5 / 4, g / 4 + 1, g * 5);
	}
	static const char *const ind[] = {"pairs", "pairs-share", "mentee-satisfaction",
					  "mentor-satisfaction", "mentee-share"};
	const size_t base[] = {pairs, 60, 75, 75, 50}, step[] = {pairs / 5 + 1, 10, 5, 5, 10};
	for (int y = 2024; y <= 2026; y++)
		for (size_t i = 0; i < NELEM(ind); i++)
			buf_printf(&b, "  <target start=\"%d\" indicator=\"%s\" value=\"%zu\"/>\n", y, ind[i],
				   base[i] + (size_t)(y - 2024) * step[i]);
	buf_adds(&b, "  <retention document=\"plan\" years=\"5\"/>\n  <retention document=\"order\" years=\"5\"/>\n"
		 "  <retention document=\"report\" years=\"5\"/>\n</institution>\n");
	write_file(dir, "institution.xml", b.data, b.len);
	buf_free(&b);
}

/* ---- main ---------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: gen [-s SEED] N DIR  (writes a synthetic input folder of N graduates)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = 20261123;
	int a = 1;
	if (argc > 2 && strcmp(argv[1], "-s") == 0)
		seed = strtoull(argv[2], NULL, 10), a = 3;
	if (argc - a != 2)
		usage();
	long n = strtol(argv[a], NULL, 10);
	const char *dir = argv[a + 1];
	if (n < 3 || n > 1000000)
		usage();
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	rng_state = seed;
	struct grad *gs = xcalloc((size_t)n, sizeof *gs);
	size_t per_year[3] = {0};
	struct buf g = BUF_INIT, r = BUF_INIT, e = BUF_INIT, m = BUF_INIT;
	csv_header(&g, GRAD_HEADER, G_NCOLS, ';', "\r\n");
	for (long i = 0; i < n; i++) {
		int y = (int)(i * 3 / n);
		graduate_row(&g, &gs[i], 2024 + y, (int)++per_year[y]);
	}
	static const char *const rh[] = {"Код выпускника", "Дата", "Особенности", "Трудности",
					 "Оказанная помощь", "Кем оказана", "Прогнозируемая помощь"};
	static const char *const eh[] = {"Код выпускника", "Раздел", "№", "Мероприятие",
					 "Срок исполнения", "Ответственный", "Отметка о выполнении"};
	static const char *const mh[] = {"Наставник", "Наставляемый", "Форма", "Начало", "Окончание",
					 "Удовлетворённость наставляемого, %", "Удовлетворённость наставника, %"};
	buf_adds(&r, "\xEF\xBB\xBF"), buf_adds(&e, "\xEF\xBB\xBF"), buf_adds(&m, "\xEF\xBB\xBF");
	csv_header(&r, rh, 7, ';', "\r\n"), csv_header(&e, eh, 7, ';', "\r\n"), csv_header(&m, mh, 7, ';', "\r\n");
	for (long i = 0; i < n; i++)
		records_of(&r, &gs[i]), events_of(&e, &gs[i]);
	size_t pairs = (size_t)n / 15 + 8;
	pairs_of_year(&m, 2024, pairs, gs + per_year[0], per_year[1]);
	pairs_of_year(&m, 2025, pairs, gs + per_year[0] + per_year[1], per_year[2]);
	pairs_of_year(&m, 2026, pairs, NULL, 0);
	write_cp1251(dir, "graduates.csv", g.data, g.len);
	write_file(dir, "records.csv", r.data, r.len);
	write_file(dir, "events.csv", e.data, e.len);
	write_file(dir, "mentoring.csv", m.data, m.len);
	write_staff(dir);
	write_institution(dir, per_year, pairs);
	buf_free(&g), buf_free(&r), buf_free(&e), buf_free(&m);
	free(gs);
	return 0;
}

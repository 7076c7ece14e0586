#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/idcard.h"
#include "base/intmap.h"
#include "domain/division.h"
#include "domain/person.h"

/* Place names invented from common characters; none is meant to be a real place. */
static const char *const township_stems[DEMO_TOWNSHIPS] = {
	"青禾", "望川", "石岭", "柳溪", "双桥", "云塘", "白杨", "枫林", "永丰", "清泉", "金沙", "龙湾",
	"新集", "桃源", "长岗", "梅庄", "松坡", "莲塘", "马场", "沙河", "西岗", "东湖", "杏花",
};
static const char *const village_stems[] = {
	"王庄", "李集", "张楼", "刘湾", "陈圩", "杨店", "黄营", "赵寨", "周岗", "吴桥", "孙庙", "高台",
	"前进", "红星", "胜利", "团结", "和平", "幸福", "光明", "友谊", "新华", "东升", "向阳", "丰收",
};
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	"何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
};
static const char *const given[] = {
	"秀", "英", "华", "明", "国", "建", "文", "玉", "兰", "芳", "军", "平", "志", "红", "金", "海",
	"德", "荣", "桂", "凤", "春", "永", "庆", "祥", "福", "强", "燕", "云", "成", "梅", "林", "生",
};
static const char *const banks[] = { "农村商业银行", "中国农业银行", "中国邮政储蓄银行", "中国建设银行" };

/* Percent weights: categories per the 2006 national sample survey, grades milder-commoner. */
static const int category_weight[8] = { 0, 15, 24, 2, 29, 7, 7, 16 };
static const int grade_weight[5] = { 0, 12, 20, 30, 38 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, fast and the same on every machine. */
uint64_t demo_rand(struct demo_rng *rng)
{
	uint64_t z = (rng->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int below(struct demo_rng *rng, int n)
{
	return (int)(demo_rand(rng) % (uint64_t)n);
}

static int weighted(struct demo_rng *rng, const int *weight, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += weight[i];
	int x = below(rng, total);
	for (int i = 0; i < n; i++) {
		if (x < weight[i])
			return i;
		x -= weight[i];
	}
	return n - 1;
}

/* The township t (0-based) of the demo county: code and name. */
static void township_of(int t, struct division *d)
{
	memset(d, 0, sizeof *d);
	d->level = DIVISION_TOWNSHIP;
	snprintf(d->code, sizeof d->code, "%.6s%03u000", DEMO_COUNTY_CODE, (unsigned)(t + 1) % 1000u);
	snprintf(d->name, sizeof d->name, "%s%s", township_stems[t], t % 4 == 3 ? "乡" : "镇");
	snprintf(d->parent, sizeof d->parent, "%s", DEMO_COUNTY_CODE);
}

/* 351 villages over 23 townships: 15 each, one more for the first six. */
static int villages_in(int t)
{
	return DEMO_VILLAGES / DEMO_TOWNSHIPS + (t < DEMO_VILLAGES % DEMO_TOWNSHIPS);
}

/* Village v (0-based) of township t. */
static void village_of(int t, int v, struct division *d)
{
	struct division town;
	township_of(t, &town);
	memset(d, 0, sizeof *d);
	d->level = DIVISION_VILLAGE;
	snprintf(d->code, sizeof d->code, "%.9s%03u", town.code, (unsigned)(v + 1) % 1000u);
	snprintf(d->name, sizeof d->name, "%s%s村", village_stems[v % N(village_stems)],
		 v < (int)N(village_stems) ? "" : "二");
	snprintf(d->parent, sizeof d->parent, "%s", town.code);
}

static int save_divisions(struct db *db, struct demo_summary *s, struct error *err)
{
	struct division d = { .level = DIVISION_COUNTY };
	snprintf(d.code, sizeof d.code, "%s", DEMO_COUNTY_CODE);
	snprintf(d.name, sizeof d.name, "示范县");
	if (division_save(db, &d, NULL, err) < 0)
		return -1;
	for (int t = 0; t < DEMO_TOWNSHIPS; t++) {
		township_of(t, &d);
		if (division_save(db, &d, NULL, err) < 0)
			return -1;
		s->townships++;
		for (int v = 0; v < villages_in(t); v++) {
			village_of(t, v, &d);
			if (division_save(db, &d, NULL, err) < 0)
				return -1;
			s->villages++;
		}
	}
	return 0;
}

/* A birth date: about 5% children, 45% of working age, half 60 and over. */
static struct date birth_date(struct demo_rng *rng, struct date today)
{
	int r = below(rng, 100);
	int age = r < 5 ? below(rng, 18) : r < 50 ? 18 + below(rng, 42) : 60 + below(rng, 36);
	long days = date_to_days(today) - (long)age * 365 - below(rng, 365) - 1;
	return date_from_days(days);
}

void demo_person(struct demo_rng *rng, struct date today, struct person *p)
{
	memset(p, 0, sizeof *p);
	int t = 0, v = below(rng, DEMO_VILLAGES);
	while (v >= villages_in(t))
		v -= villages_in(t++);
	struct division d;
	village_of(t, v, &d);
	memcpy(p->village, d.code, sizeof p->village);
	snprintf(p->village_name, sizeof p->village_name, "%s", d.name);
	township_of(t, &d);
	snprintf(p->township_name, sizeof p->township_name, "%s", d.name);

	struct date birth = birth_date(rng, today);
	int sex = 1 + below(rng, 2);
	char first17[18];
	/* Sequence digits 15-17; the 17th is odd for a man, even for a woman. */
	int seq = below(rng, 50) * 20 + below(rng, 5) * 2 + (sex == 1);
	snprintf(first17, sizeof first17, "%.6s%04d%02d%02d%03d", DEMO_COUNTY_CODE, birth.year, birth.month,
		 birth.day, seq);
	snprintf(p->id_number, sizeof p->id_number, "%s%c", first17, idcard_check_char(first17));
	p->sex = sex;
	p->birth = birth;

	snprintf(p->name, sizeof p->name, "%s%s%s", surnames[below(rng, N(surnames))], given[below(rng, N(given))],
		 below(rng, 3) ? given[below(rng, N(given))] : "");
	p->hukou = below(rng, 100) < 3 ? 1 : 2;
	if (below(rng, 100) < 90) {
		p->category = weighted(rng, category_weight, 8);
		p->grade = weighted(rng, grade_weight, 5);
		snprintf(p->cert, sizeof p->cert, "%s%d%d", p->id_number, p->category, p->grade);
	}
	p->dibao = below(rng, 100) < 30;
	if (below(rng, 100) < 70)
		snprintf(p->phone, sizeof p->phone, "1%d%09d", 3 + below(rng, 7), below(rng, 1000000000));
	if (below(rng, 100) < 80) {
		snprintf(p->bank_name, sizeof p->bank_name, "%s", banks[below(rng, N(banks))]);
		snprintf(p->bank_account, sizeof p->bank_account, "62%08d%09d", below(rng, 100000000),
			 below(rng, 1000000000));
	}
	p->status = PERSON_ACTIVE;
}

int demo_create(struct db *db, long persons, uint64_t seed, struct demo_summary *s, struct error *err)
{
	struct demo_rng rng = { seed };
	struct intmap ids = INTMAP_INIT;
	struct date today = date_today();
	memset(s, 0, sizeof *s);

	long existing = division_count(db, DIVISION_COUNTY, err);
	if (existing < 0)
		return -1;
	if (existing > 0)
		return error_set(err, "数据库中已有行政区划，示例县只能建在新数据库里（换一个 --db 文件）");
	if (db_begin(db, err) < 0)
		return -1;
	if (save_divisions(db, s, err) < 0)
		goto fail;
	for (long i = 0; i < persons; i++) {
		struct person p;
		uint64_t key;
		do { /* draw again on the rare repeated ID number */
			demo_person(&rng, today, &p);
			key = idcard_key(p.id_number);
		} while (!intmap_put(&ids, key, i, NULL));
		if (person_insert(db, &p, err) < 0)
			goto fail;
		s->persons++;
		if (p.hukou == 1)
			s->urban++;
		else
			s->rural++;
		s->with_cert += p.cert[0] != '\0';
		s->dibao += p.dibao;
		s->severe += p.grade == 1 || p.grade == 2;
		s->by_category[p.category]++;
	}
	if (db_commit(db, err) < 0)
		goto fail;
	intmap_release(&ids);
	return 0;
fail:
	db_rollback(db);
	intmap_release(&ids);
	return -1;
}

#include "domain/attachment.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"

static const char SQL_INSERT[] =
	"INSERT INTO case_attachment (case_id, kind, name, content_type, size, sha256, uploaded_at, uploaded_by)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_LIST[] = "SELECT id, case_id, kind, name, content_type, size, sha256, uploaded_at, uploaded_by"
			       " FROM case_attachment WHERE case_id = ? ORDER BY id";
static const char SQL_ONE[] = "SELECT id, case_id, kind, name, content_type, size, sha256, uploaded_at, uploaded_by"
			      " FROM case_attachment WHERE id = ? AND case_id = ?";

#define TYPE_PDF "application/pdf"
#define TYPE_JPEG "image/jpeg"
#define TYPE_PNG "image/png"

/* Content */

const char *attachment_sniff(const void *data, size_t len)
{
	const unsigned char *d = data;
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return TYPE_PDF;
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return TYPE_JPEG;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return TYPE_PNG;
	return NULL;
}

const char *attachment_type_static(const char *t)
{
	if (!t)
		return NULL;
	return strcmp(t, TYPE_PDF) == 0 ? TYPE_PDF : strcmp(t, TYPE_JPEG) == 0 ? TYPE_JPEG
						 : strcmp(t, TYPE_PNG) == 0    ? TYPE_PNG
									       : NULL;
}

const char *attachment_type_label(const char *t)
{
	const char *s = attachment_type_static(t);
	return !s ? "" : strcmp(s, TYPE_PDF) == 0 ? "PDF" : strcmp(s, TYPE_JPEG) == 0 ? "JPEG" : "PNG";
}

/* The extension a name of type t should end in, and whether ext (without the dot) is one of t's. */
static const char *type_ext(const char *t)
{
	return strcmp(t, TYPE_PDF) == 0 ? ".pdf" : strcmp(t, TYPE_JPEG) == 0 ? ".jpg" : ".png";
}

static bool ext_of_type(const char *ext, const char *t)
{
	if (strcmp(t, TYPE_PDF) == 0)
		return strcasecmp(ext, "pdf") == 0;
	if (strcmp(t, TYPE_JPEG) == 0)
		return strcasecmp(ext, "jpg") == 0 || strcasecmp(ext, "jpeg") == 0;
	return strcasecmp(ext, "png") == 0;
}

/* The length of the UTF-8 character at s (1..4), or 0 when s does not start a valid one. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return 0;
	return n && utf8_valid(s, n) ? n : 0;
}

void attachment_clean_name(const char *name, const char *content_type, char *out, size_t size)
{
	char stem[4 * ATTACHMENT_NAME_MAX + 1];
	size_t len = 0, chars = 0;
	const char *t = attachment_type_static(content_type) ? content_type : TYPE_PDF;
	if (!name)
		name = "";
	/* The last path component (browsers of old sent the whole path). */
	for (const char *s = name; *s; s++)
		if (*s == '/' || *s == '\\')
			name = s + 1;
	for (const char *s = name; *s;) {
		size_t n = char_len(s);
		if (n == 0) { /* not UTF-8: dropped */
			s++;
			continue;
		}
		unsigned char c = (unsigned char)*s;
		bool keep = !(n == 1 && (c < 0x20 || c == 0x7F));
		/* U+0080..U+009F (C1 controls) and U+2028/U+2029 are dropped too. */
		if (n == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0)
			keep = false;
		if (n == 3 && memcmp(s, "\xE2\x80\xA8", 3) == 0)
			keep = false;
		if (n == 3 && memcmp(s, "\xE2\x80\xA9", 3) == 0)
			keep = false;
		if (keep && len + n < sizeof stem && chars < ATTACHMENT_NAME_MAX * 2) {
			if (n == 1 && strchr("\"*:<>?|", c))
				stem[len++] = '_';
			else
				memcpy(stem + len, s, n), len += n;
			chars++;
		}
		s += n;
	}
	stem[len] = '\0';
	/* Spaces around, and dots in front (no hidden file), go. */
	while (len && stem[len - 1] == ' ')
		stem[--len] = '\0';
	size_t start = strspn(stem, ". ");
	memmove(stem, stem + start, len - start + 1);
	len -= start;
	/* The extension: kept when it is the content's, otherwise the content's is added. */
	const char *ext;
	char *dot = strrchr(stem, '.'), ext_buf[8];
	if (dot && ext_of_type(dot + 1, t) && strlen(dot) < sizeof ext_buf) {
		/* As the user wrote it (.JPEG ...), moved out of the stem. */
		snprintf(ext_buf, sizeof ext_buf, "%s", dot);
		*dot = '\0';
		len = (size_t)(dot - stem);
		ext = ext_buf;
	} else {
		ext = type_ext(t);
	}
	while (len && (stem[len - 1] == ' ' || stem[len - 1] == '.'))
		stem[--len] = '\0';
	if (!len)
		snprintf(stem, sizeof stem, "扫描件");
	/* At most ATTACHMENT_NAME_MAX characters in all: the stem is cut on a character boundary. */
	size_t room = ATTACHMENT_NAME_MAX - strlen(ext), kept = 0, bytes = 0;
	while (stem[bytes] && kept < room) {
		bytes += char_len(stem + bytes);
		kept++;
	}
	stem[bytes] = '\0';
	snprintf(out, size, "%s%s", stem, ext);
}

/* Kinds and roles */

void attachment_kinds(const struct program *p, void (*fn)(void *ctx, const char *key, const char *label), void *ctx)
{
	bool seen[PROGRAM_LIST_MAX] = {false};
	for (size_t i = 0; p && i < p->ntransitions; i++) {
		const struct program_transition *t = &p->transitions[i];
		bool enrolment = false;
		for (size_t k = 0; k < t->nfrom; k++)
			enrolment = enrolment || t->from[k] == SIZE_MAX;
		if (!enrolment)
			continue;
		for (size_t k = 0; k < t->nfields; k++) {
			size_t f = t->fields[k];
			if (f < p->nfields && f < PROGRAM_LIST_MAX && !seen[f] && p->fields[f].type == PROGRAM_BOOL) {
				seen[f] = true;
				fn(ctx, p->fields[f].key, p->fields[f].label);
			}
		}
	}
	fn(ctx, ATTACHMENT_OTHER, "其他");
}

struct kind_find {
	const char *kind, *label;
};

static void kind_one(void *ctx, const char *key, const char *label)
{
	struct kind_find *k = ctx;
	if (!k->label && strcmp(key, k->kind) == 0)
		k->label = label;
}

const char *attachment_kind_label(const struct program *p, const char *kind)
{
	struct kind_find k = {kind, NULL};
	if (kind && *kind)
		attachment_kinds(p, kind_one, &k);
	return k.label;
}

bool attachment_may(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP ||
	       u->role == ROLE_VILLAGE;
}

/* Storage */

void attachment_dir(const char *db_path, char out[ATTACHMENT_DIR_MAX])
{
	snprintf(out, ATTACHMENT_DIR_MAX, "%s.files", db_path);
}

static bool is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* fsync of a directory, so that an entry made in it (a file renamed in, a directory made) is durable. */
static int sync_dir(const char *dir, struct error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, "cannot open %s: %s", dir, strerror(errno));
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	return rc < 0 ? error_set(err, "cannot sync %s: %s", dir, strerror(e)) : 0;
}

/* Makes dir (mode 0700) when missing, durably. */
static int ensure_dir(const char *dir, struct error *err)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : error_set(err, "%s is not a directory", dir);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error_set(err, "cannot make the directory %s: %s", dir, strerror(errno));
	char parent[ATTACHMENT_DIR_MAX];
	snprintf(parent, sizeof parent, "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	return sync_dir(parent, err);
}

/*
 * Writes data to dir/sha256 through a temporary file in dir (fsync'd,
 * renamed, the directory fsync'd). *created: the file was not there before.
 */
static int store_file(const char *dir, const char *sha, const void *data, size_t len, bool *created,
		      struct error *err)
{
	char tmp[ATTACHMENT_DIR_MAX + 32], path[ATTACHMENT_DIR_MAX + 72];
	*created = false;
	if (ensure_dir(dir, err) < 0)
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, sha) >= sizeof path ||
	    (size_t)snprintf(tmp, sizeof tmp, "%s/.upload-XXXXXX", dir) >= sizeof tmp)
		return error_set(err, "the directory name %s is too long", dir);
	struct stat st;
	bool existed = lstat(path, &st) == 0;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return error_set(err, "cannot make a file in %s: %s", dir, strerror(errno));
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;
			close(fd);
			unlink(tmp);
			return error_set(err, "cannot write %s: %s", tmp, strerror(e));
		}
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return error_set(err, "cannot sync %s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return error_set(err, "cannot store %s: %s", path, strerror(e));
	}
	*created = !existed;
	if (sync_dir(dir, err) < 0) {
		if (*created)
			unlink(path);
		*created = false;
		return -1;
	}
	return 0;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

__attribute__((format(printf, 3, 4))) static int problem(struct case_problems *pr, const char *field,
							  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!field) {
		vsnprintf(pr->message, sizeof pr->message, fmt, ap);
	} else if (pr->n < CASE_VALUES_MAX) {
		copy(pr->items[pr->n].field, sizeof pr->items[pr->n].field, field);
		vsnprintf(pr->items[pr->n].reason, sizeof pr->items[pr->n].reason, fmt, ap);
		pr->n++;
	}
	va_end(ap);
	return 1;
}

static int insert(struct db *w, const struct attachment *a, int64_t *id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, a->case_id);
	db_bind_text(st, 2, a->kind);
	db_bind_text(st, 3, a->name);
	db_bind_text(st, 4, a->content_type);
	db_bind_int(st, 5, a->size);
	db_bind_text(st, 6, a->sha256);
	db_bind_text(st, 7, a->uploaded_at);
	db_bind_text(st, 8, a->uploaded_by);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int attachment_add(struct db *w, const char *dir, int64_t case_id, const char *kind, const char *filename,
		   const void *data, size_t len, const struct user *u, const struct registry_scope *scope,
		   struct attachment *out, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	memset(out, 0, sizeof *out);
	struct case_file c;
	int found = case_get(w, scope, case_id, &c, err);
	if (found <= 0)
		return found < 0 ? -1 : (problem(pr, NULL, "个案不存在，或不在您的管辖范围内"), 2);
	if (!attachment_may(u))
		return problem(pr, NULL, "您的角色（%s）不能上传材料扫描件", role_label(u->role));
	const struct program *p;
	if ((found = program_get(w, c.program, c.version, &p, err)) < 0)
		return -1;
	if (!found)
		return error_set(err, "the definition %s version %d of case %lld is missing", c.program, c.version,
				 (long long)case_id);
	if (!attachment_kind_label(p, kind))
		problem(pr, "kind", "请选择材料类别（%s）", kind && *kind ? "所选的类别不是该项目的材料" : "如残疾证、低保证、其他");
	const char *type = NULL;
	if (!data || len == 0)
		problem(pr, "file", "请选择要上传的文件（上传的文件不能是空的）");
	else if (len > ATTACHMENT_SIZE_MAX)
		problem(pr, "file", "文件太大（%.1f MB）：每个文件不能超过 %u MB，请降低扫描分辨率或分页上传",
			(double)len / (1 << 20), ATTACHMENT_SIZE_MAX >> 20);
	else if (!(type = attachment_sniff(data, len)))
		problem(pr, "file", "只能上传 PDF、JPEG 或 PNG 格式的扫描件（按文件内容判断，与文件名无关）；"
				    "这个文件不是这三种格式");
	if (pr->n)
		return 1;
	out->case_id = case_id;
	copy(out->kind, sizeof out->kind, kind);
	attachment_clean_name(filename, type, out->name, sizeof out->name);
	copy(out->content_type, sizeof out->content_type, type);
	out->size = (int64_t)len;
	token_sha256_hex(data, len, out->sha256);
	stamp_now(out->uploaded_at);
	copy(out->uploaded_by, sizeof out->uploaded_by, u->name);
	/* The file first, durably; the row after, so that a row always has its file. */
	bool created;
	if (store_file(dir, out->sha256, data, len, &created, err) < 0)
		return -1;
	if (insert(w, out, &out->id, err) < 0) {
		if (created) {
			char path[ATTACHMENT_DIR_MAX + 72];
			snprintf(path, sizeof path, "%s/%s", dir, out->sha256);
			unlink(path);
		}
		out->id = 0;
		return -1;
	}
	return 0;
}

static void from_row(struct db_stmt *st, struct attachment *a)
{
	a->id = db_col_int(st, 0);
	a->case_id = db_col_int(st, 1);
	copy(a->kind, sizeof a->kind, db_col_text(st, 2));
	copy(a->name, sizeof a->name, db_col_text(st, 3));
	copy(a->content_type, sizeof a->content_type, db_col_text(st, 4));
	a->size = db_col_int(st, 5);
	copy(a->sha256, sizeof a->sha256, db_col_text(st, 6));
	copy(a->uploaded_at, sizeof a->uploaded_at, db_col_text(st, 7));
	copy(a->uploaded_by, sizeof a->uploaded_by, db_col_text(st, 8));
}

int attachment_list(struct db *db, int64_t case_id, int (*fn)(void *ctx, const struct attachment *a, struct error *err),
		    void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, case_id);
	int rc;
	struct attachment a;
	while ((rc = db_step(st, err)) == DB_ROW) {
		from_row(st, &a);
		if (fn(ctx, &a, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int attachment_get(struct db *db, int64_t case_id, int64_t id, struct attachment *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_ONE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, case_id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int attachment_open(const char *dir, const struct attachment *a, int *fd, struct error *err)
{
	*fd = -1;
	char path[ATTACHMENT_DIR_MAX + 72];
	/* The name comes from the row, never from a request; still, only 64 hex digits make a path. */
	if (!is_hex64(a->sha256) || a->size < 1 || a->size > ATTACHMENT_SIZE_MAX)
		return error_set(err, "attachment %lld has no valid digest or size", (long long)a->id);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, a->sha256) >= sizeof path)
		return error_set(err, "the directory name %s is too long", dir);
	int f = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (f < 0)
		return error_set(err, "the file of attachment %lld is missing (%s): %s", (long long)a->id, path,
				 strerror(errno));
	struct stat st;
	if (fstat(f, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size != a->size) {
		close(f);
		return error_set(err, "the file of attachment %lld (%s) is not the one stored", (long long)a->id, path);
	}
	/* Read whole (5 MiB at most) and checked against the digest: a file changed on disk is not served. */
	char *buf = xmalloc((size_t)a->size);
	size_t got = 0;
	while (got < (size_t)a->size) {
		ssize_t n = pread(f, buf + got, (size_t)a->size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	char sha[TOKEN_HEX];
	if (got == (size_t)a->size)
		token_sha256_hex(buf, got, sha);
	free(buf);
	if (got != (size_t)a->size || strcmp(sha, a->sha256) != 0) {
		close(f);
		return error_set(err, "the file of attachment %lld (%s) was changed on disk", (long long)a->id, path);
	}
	*fd = f;
	return 0;
}

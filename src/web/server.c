#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "store/migrate.h"
#include "web/assets.h"
#include "web/auth.h"
#include "web/api-cases.h"
#include "web/api-enterprises.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/api-targets.h"
#include "web/api-payments.h"
#include "web/api-rehab.h"
#include "web/api-training.h"
#include "web/html.h"
#include "web/page-admin.h"
#include "web/page-admin-logs.h"
#include "web/page-admin-settings.h"
#include "web/page-admin-users.h"
#include "web/page-home.h"
#include "web/page-levy.h"
#include "web/page-cases.h"
#include "web/page-login.h"
#include "web/page-person-edit.h"
#include "web/page-persons.h"
#include "web/page-payments.h"
#include "web/page-projects.h"
#include "web/page-rehab.h"
#include "web/page-roster.h"
#include "web/page-training.h"
#include "web/api-survey.h"
#include "web/page-survey.h"
#include "web/export-supervision.h"
#include "web/page-supervision.h"
#include "web/supervision-pdf.h"
#include "web/page-targets.h"
#include "web/api-reports.h"
#include "web/page-report.h"
#include "web/api-stats.h"
#include "web/page-stats.h"

/* Per-connection memory of libmicrohttpd: the request line and headers must fit (it answers 431 itself). */
#define CONNECTION_MEMORY (64u << 10)
#define CONNECTION_TIMEOUT 30 /* seconds idle before a connection is closed */
#define CONNECTION_LIMIT 256
/*
 * A body over REQUEST_BODY_MAX is read and thrown away so that the client
 * gets its 413 (a server that closes while the client is still sending makes
 * most clients lose the answer); past this much, or when Content-Length
 * already says more, the answer goes out at once and the connection closes.
 */
#define BODY_DRAIN_MAX (4ull * REQUEST_BODY_MAX)
#define STOP_WAIT_SECONDS 10 /* how long server_stop waits for requests in flight */

struct reader {
	struct db *db;
	struct reader *next;
};

struct server {
	struct MHD_Daemon *daemon;
	unsigned port;
	char *db_path;
	uint64_t id; /* tells this server's thread-local readers from an earlier one's */

	pthread_mutex_t writer_mu;
	struct db *writer;

	pthread_mutex_t readers_mu;
	struct reader *readers; /* every reader opened, closed at stop */

	/* Requests between their first header and their completion. */
	pthread_mutex_t flight_mu;
	pthread_cond_t flight_cv;
	long in_flight;
	atomic_bool stopping;
};

static atomic_uint_fast64_t server_ids;
static _Thread_local uint64_t tls_owner;
static _Thread_local struct db *tls_reader;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Databases */

/* This thread's reader connection, opened on its first request. */
static struct db *server_reader(struct server *s, struct error *err)
{
	if (tls_owner == s->id && tls_reader)
		return tls_reader;
	struct db *db;
	if (db_open(&db, s->db_path, DB_READER, err) < 0)
		return NULL;
	struct reader *r = xmalloc(sizeof *r);
	r->db = db;
	pthread_mutex_lock(&s->readers_mu);
	r->next = s->readers;
	s->readers = r;
	pthread_mutex_unlock(&s->readers_mu);
	tls_owner = s->id;
	tls_reader = db;
	return db;
}

struct db *server_writer_lock(struct server *s)
{
	pthread_mutex_lock(&s->writer_mu);
	return s->writer;
}

void server_writer_unlock(struct server *s)
{
	pthread_mutex_unlock(&s->writer_mu);
}

/* Request lookups */

const char *request_arg(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_field(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nfields; i++)
		if (strcmp(req->fields[i].name, name) == 0)
			return req->fields[i].value;
	return NULL;
}

const struct multipart_part *request_file(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nfiles; i++)
		if (strcmp(req->files[i].name, name) == 0)
			return req->files[i].filename[0] ? &req->files[i] : NULL;
	return NULL;
}

const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

bool request_path_id_rest(const struct request *req, const char *prefix, int64_t *id, const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(req->path, prefix, n) != 0)
		return false;
	const char *s = req->path + n;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 18 || s[0] == '0')
		return false;
	*id = strtoll(s, NULL, 10);
	*rest = s + digits;
	return true;
}

bool request_path_id(const struct request *req, const char *prefix, int64_t *id)
{
	const char *rest;
	return request_path_id_rest(req, prefix, id, &rest) && !*rest;
}

const char *request_cookie(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

/* Urlencoded forms */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes n bytes of s ('+' and %XX) into a new string; NULL when it holds a NUL byte or a bad escape. */
static char *form_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

enum form_result { FORM_OK = 0, FORM_TOO_LARGE = -1, FORM_INVALID = -2 };

static void field_add(struct request *req, char *name, char *value)
{
	if (req->nfields == 0)
		req->fields = xmalloc(sizeof *req->fields * 8);
	else if ((req->nfields & (req->nfields - 1)) == 0 && req->nfields >= 8)
		req->fields = xrealloc(req->fields, sizeof *req->fields * req->nfields * 2);
	req->fields[req->nfields].name = name;
	req->fields[req->nfields].value = value;
	req->nfields++;
}

/* Parses an application/x-www-form-urlencoded body into req->fields. */
static enum form_result form_parse(struct request *req)
{
	const char *p = req->body.data, *end = p + req->body.len;
	if (!p)
		return FORM_OK;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		if (amp > p) {
			if (req->nfields == REQUEST_FIELDS_MAX)
				return FORM_TOO_LARGE;
			const char *eq = memchr(p, '=', (size_t)(amp - p));
			const char *name_end = eq ? eq : amp, *value = eq ? eq + 1 : amp;
			if ((size_t)(amp - p) > REQUEST_FIELD_MAX)
				return FORM_TOO_LARGE;
			char *name = form_decode(p, (size_t)(name_end - p));
			char *val = name ? form_decode(value, (size_t)(amp - value)) : NULL;
			if (!name || !val) {
				free(name);
				return FORM_INVALID;
			}
			field_add(req, name, val);
		}
		p = amp + 1;
	}
	return FORM_OK;
}

/*
 * Parses a multipart/form-data body: plain parts into req->fields (copied,
 * with the urlencoded form's limits; a NUL byte makes the form invalid),
 * file parts into req->files (pointing into the body).
 */
static enum form_result multipart_form_parse(struct request *req, const char *ctype)
{
	struct multipart_part *parts = xmalloc(sizeof *parts * MULTIPART_PARTS_MAX);
	size_t n = 0;
	enum multipart_result r = multipart_parse(ctype, req->body.data, req->body.len, parts, &n);
	if (r != MULTIPART_OK) {
		free(parts);
		return r == MULTIPART_TOO_MANY ? FORM_TOO_LARGE : FORM_INVALID;
	}
	req->files = parts;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].is_file) {
			req->files[req->nfiles++] = parts[i]; /* in place: nfiles <= i */
			continue;
		}
		if (parts[i].len > REQUEST_FIELD_MAX)
			return FORM_TOO_LARGE;
		if (memchr(parts[i].data, '\0', parts[i].len))
			return FORM_INVALID;
		char *value = xmalloc(parts[i].len + 1);
		memcpy(value, parts[i].data, parts[i].len);
		value[parts[i].len] = '\0';
		field_add(req, xstrdup(parts[i].name), value);
	}
	return FORM_OK;
}

/* Responses */

int response_header(struct request *req, const char *name, const char *value)
{
	if (req->res.nheaders == RESPONSE_HEADERS_MAX)
		return -1;
	req->res.headers[req->res.nheaders].name = name;
	req->res.headers[req->res.nheaders].value = xstrdup(value);
	req->res.nheaders++;
	return 0;
}

int server_temp_file(char path[64], const char *suffix, struct error *err)
{
	snprintf(path, 64, "/tmp/huimin-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		return error_set(err, "cannot make a temporary file");
	close(fd);
	return 0;
}

int response_download(struct request *req, const char *path, const char *content_type, const char *filename,
		      struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (fd < 0)
		return error_set(err, "cannot read the file made for download");
	return response_send_fd(req, fd, content_type, filename, err);
}

int response_send_fd(struct request *req, int fd, const char *content_type, const char *filename,
		     struct error *err)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return error_set(err, "cannot read the file made for download");
	}
	/*
	 * RFC 6266: an ASCII fallback name, and the real one percent-encoded.
	 * The fallback keeps the extension only when it is plain letters and
	 * digits, so nothing of the name can leave the quoted string.
	 */
	struct buf h = BUF_INIT(1024);
	const char *dot = strrchr(filename, '.');
	if (dot && (strlen(dot) > 8 || strspn(dot + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
						 strlen(dot + 1)))
		dot = NULL;
	int rc = buf_addf(&h, "attachment; filename=\"download%s\"; filename*=UTF-8''", dot ? dot : "");
	for (const unsigned char *c = (const unsigned char *)filename; rc == 0 && *c; c++)
		rc = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", *c) && *c
			 ? buf_addf(&h, "%c", *c)
			 : buf_addf(&h, "%%%02X", *c);
	if (rc < 0 || response_header(req, "Content-Disposition", buf_cstr(&h)) < 0) {
		buf_release(&h);
		close(fd);
		return error_set(err, "download headers too large");
	}
	buf_release(&h);
	buf_reset(&req->res.body);
	req->res.static_body = NULL;
	req->res.content_type = content_type;
	req->res.file_fd = fd;
	req->res.file_len = (uint64_t)st.st_size;
	return 0;
}

void response_page(struct request *req, unsigned status, const char *title, const char *message)
{
	struct buf *b = &req->res.body;
	buf_reset(b);
	req->res.static_body = NULL;
	if (req->res.file_len) {
		close(req->res.file_fd);
		req->res.file_len = 0;
	}
	req->res.status = status;
	req->res.content_type = "text/html";
	/* Only fails past RESPONSE_BODY_MAX, which a page this small cannot reach. */
	if (html_raw(b, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>") < 0 ||
	    html_txt(b, title) < 0 ||
	    html_raw(b, " - 惠民</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
	                "</head>\n<body class=\"error-page\">\n<main class=\"error-box\">\n<h1>") < 0 ||
	    html_txt(b, title) < 0 || html_raw(b, "</h1>\n<p>") < 0 || html_txt(b, message) < 0 ||
	    html_raw(b, "</p>\n<p><a href=\"/\">返回首页</a></p>\n</main>\n</body>\n</html>\n") < 0)
		log_error("error page does not fit");
}

/* The error pages the server itself answers with: one table, so the wording stays in one place. */
enum server_page { PAGE_NOT_FOUND, PAGE_METHOD, PAGE_TOO_LARGE, PAGE_BAD_FORM, PAGE_INTERNAL, PAGE__MAX };

static const struct {
	unsigned status;
	const char *title, *message;
} server_pages[PAGE__MAX] = {
    [PAGE_NOT_FOUND] = {404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。"},
    [PAGE_METHOD] = {405, "不支持的请求方式", "该页面不支持这种请求方式。"},
    [PAGE_TOO_LARGE] =
        {413, "提交的内容太大",
         "提交的数据超过了系统允许的大小（上传文件不能超过 8 MB，表单项不能过多或过长），请缩小后重试。"},
    [PAGE_BAD_FORM] = {400, "提交的数据无效", "表单数据的格式不正确，请刷新页面后重试。"},
    [PAGE_INTERNAL] = {500, "系统内部错误", "系统处理请求时出错，请稍后重试；如果一直出错，请联系系统管理员。"},
};

static void server_page(struct request *req, enum server_page p)
{
	response_page(req, server_pages[p].status, server_pages[p].title, server_pages[p].message);
}

/*
 * The one place where headers every response must carry are set: the
 * security headers and the content type (text gets charset=utf-8).
 */
static enum MHD_Result response_secure(struct MHD_Response *r, const char *content_type)
{
	static const char *const headers[][2] = {
	    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
	                                "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
	                                "base-uri 'none'"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"X-Frame-Options", "DENY"},
	    {"Referrer-Policy", "same-origin"},
	};
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (MHD_add_response_header(r, headers[i][0], headers[i][1]) != MHD_YES)
			return MHD_NO;
	char type[128];
	if (!content_type)
		content_type = "application/octet-stream";
	if (strncmp(content_type, "text/", 5) == 0 && !strstr(content_type, "charset"))
		snprintf(type, sizeof type, "%s; charset=utf-8", content_type);
	else
		snprintf(type, sizeof type, "%s", content_type);
	return MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
}

/* Hands the response in req->res to libmicrohttpd. */
static enum MHD_Result respond(struct server *s, struct request *req)
{
	struct response *res = &req->res;
	struct MHD_Response *r;
	size_t len;
	if (!res->status)
		res->status = 200;
	if (res->static_body) {
		len = res->static_len;
		r = MHD_create_response_from_buffer(len, (void *)res->static_body, MHD_RESPMEM_PERSISTENT);
	} else if (res->file_len) {
		len = (size_t)res->file_len;
		r = MHD_create_response_from_fd64(res->file_len, res->file_fd); /* closes the fd when done */
		if (!r)
			close(res->file_fd);
		res->file_len = 0;
	} else if (res->body.len) {
		len = res->body.len;
		char *data = buf_detach(&res->body);
		r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
		if (!r)
			free(data);
	} else {
		len = 0;
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	enum MHD_Result ok = response_secure(r, res->content_type);
	for (size_t i = 0; ok == MHD_YES && i < res->nheaders; i++)
		ok = MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	/* Once stopping, no keep-alive: the connection must not bring another request. */
	if (ok == MHD_YES && atomic_load(&s->stopping))
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (ok == MHD_YES)
		ok = MHD_queue_response(req->conn, res->status, r);
	MHD_destroy_response(r);
	req->bytes = len;
	return ok;
}

/* Routes */

static int route_healthz(struct request *req, struct error *err)
{
	(void)err;
	req->res.content_type = "text/plain";
	return buf_addstr(&req->res.body, "ok") < 0 ? error_set(err, "response too large") : 0;
}

static int route_static(struct request *req, struct error *err)
{
	(void)err;
	const struct asset *a = asset_find(req->path + strlen("/static/"));
	if (!a) {
		server_page(req, PAGE_NOT_FOUND);
		return 0;
	}
	req->res.content_type = a->content_type;
	req->res.static_body = a->bytes;
	req->res.static_len = a->length;
	/* Asset names carry no version yet: cache for a while, not for ever. */
	return response_header(req, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600") < 0
	           ? error_set(err, "too many response headers")
	           : 0;
}

enum route {
	ROUTE_HEALTHZ,
	ROUTE_STATIC,
	ROUTE_LOGIN,
	ROUTE_LOGIN_POST,
	ROUTE_LOGOUT,
	ROUTE_PASSWORD,
	ROUTE_PASSWORD_POST,
	ROUTE_HOME,
	ROUTE_PERSONS,
	ROUTE_PERSON_NEW,
	ROUTE_PERSON_NEW_POST,
	ROUTE_IMPORT,
	ROUTE_IMPORT_POST,
	ROUTE_IMPORT_FILE,
	ROUTE_EXPORT,
	ROUTE_PERSON,
	ROUTE_PERSON_POST,
	ROUTE_ADMIN,
	ROUTE_ADMIN_USERS,
	ROUTE_ADMIN_USERS_POST,
	ROUTE_ADMIN_USER_NEW,
	ROUTE_ADMIN_USER_POST,
	ROUTE_ADMIN_ONLINE,
	ROUTE_ADMIN_ONLINE_POST,
	ROUTE_ADMIN_OPLOG,
	ROUTE_ADMIN_LOGINLOG,
	ROUTE_ADMIN_DICTS,
	ROUTE_ADMIN_POLICY,
	ROUTE_ADMIN_POLICY_POST,
	ROUTE_API_PERSONS,
	ROUTE_API_EXPORT,
	ROUTE_API_IMPORT,
	ROUTE_API_PERSON,
	ROUTE_API_PERSON_CREATE,
	ROUTE_API_PERSON_UPDATE,
	ROUTE_PROJECTS,
	ROUTE_PROJECT,
	ROUTE_PROJECT_POST,
	ROUTE_CASE,
	ROUTE_CASE_POST,
	ROUTE_API_PROGRAMS,
	ROUTE_API_PROGRAM,
	ROUTE_API_CASES,
	ROUTE_API_CASE_CREATE,
	ROUTE_API_CASE,
	ROUTE_API_CASE_POST,
	ROUTE_PAYMENT,
	ROUTE_PAYMENT_POST,
	ROUTE_API_PAYMENTS,
	ROUTE_API_PAYMENTS_POST,
	ROUTE_API_PAYMENT,
	ROUTE_API_PAYMENT_POST,
	ROUTE_ADMIN_NOTICE,
	ROUTE_ADMIN_NOTICE_POST,
	ROUTE_TRAINING,
	ROUTE_TRAINING_ONE,
	ROUTE_TRAINING_POST,
	ROUTE_REHAB,
	ROUTE_REHAB_ONE,
	ROUTE_REHAB_POST,
	ROUTE_API_TRAINING,
	ROUTE_API_TRAINING_POST,
	ROUTE_API_TRAINING_ONE,
	ROUTE_API_TRAINING_ONE_POST,
	ROUTE_API_TRAINING_ONE_DELETE,
	ROUTE_API_REHAB,
	ROUTE_API_REHAB_POST,
	ROUTE_API_REHAB_ONE,
	ROUTE_API_TARGETS,
	ROUTE_API_TARGETS_POST,
	ROUTE_API_TARGET_COPY,
	ROUTE_API_TARGET,
	ROUTE_API_TARGET_PUT,
	ROUTE_API_TARGET_POST,
	ROUTE_API_SUPERVISION,
	ROUTE_API_SUPERVISION_POST,
	ROUTE_API_SUPERVISION_ITEM_POST,
	ROUTE_SURVEY,
	ROUTE_SURVEY_PAGE,
	ROUTE_SURVEY_POST,
	ROUTE_API_SURVEY,
	ROUTE_API_SURVEY_POST,
	ROUTE_API_SURVEY_SUB,
	ROUTE_API_SURVEY_SUB_POST,
	ROUTE_TARGETS,
	ROUTE_TARGET,
	ROUTE_TARGET_POST,
	ROUTE_SUPERVISION,
	ROUTE_SUPERVISION_POST,
	ROUTE_LEVY,
	ROUTE_LEVY_PAGE,
	ROUTE_LEVY_POST,
	ROUTE_API_ENTERPRISES,
	ROUTE_API_ENTERPRISE_CREATE,
	ROUTE_API_ENTERPRISE,
	ROUTE_API_ENTERPRISE_UPDATE,
	ROUTE_API_ENTERPRISE_POST,
	ROUTE_API_LEVY_YEAR,
	ROUTE_API_LEVY_YEAR_PUT,
	ROUTE_REPORT_ANNUAL,
	ROUTE_REPORT_ANNUAL_POST,
	ROUTE_API_REPORT_ANNUAL,
	ROUTE_API_MILESTONES,
	ROUTE_API_MILESTONES_POST,
	ROUTE_API_MILESTONE_DELETE,
	ROUTE_SUPERVISION_EXPORT,
	ROUTE_SUPERVISION_PDF,
	ROUTE_REPORTS,
	ROUTE_REPORTS_EXPORT,
	ROUTE_API_STATS,
	ROUTE__MAX
};

static const struct route_row {
	const char *method;
	const char *path; /* the whole path, or a prefix when it ends in '/' and prefix is set */
	bool prefix;
	bool needs_db;      /* opens this thread's reader first */
	bool needs_login;   /* a live session (web/auth.h); needs_db too */
	bool wants_session; /* reads the session when there is one, without needing it; needs_db too */
	int (*handler)(struct request *req, struct error *err);
} routes[ROUTE__MAX] = {
    /* healthz opens the reader: "ok" means the database can be read too. */
    [ROUTE_HEALTHZ] = {"GET", "/healthz", false, true, false, false, route_healthz},
    [ROUTE_STATIC] = {"GET", "/static/", true, false, false, false, route_static},
    [ROUTE_LOGIN] = {"GET", "/login", false, true, false, true, page_login},
    [ROUTE_LOGIN_POST] = {"POST", "/login", false, true, false, true, page_login_post},
    [ROUTE_LOGOUT] = {"POST", "/logout", false, true, true, false, page_logout_post},
    [ROUTE_PASSWORD] = {"GET", "/password", false, true, true, false, page_password},
    [ROUTE_PASSWORD_POST] = {"POST", "/password", false, true, true, false, page_password_post},
    [ROUTE_HOME] = {"GET", "/", false, true, true, false, page_home},
    [ROUTE_PERSONS] = {"GET", "/persons", false, true, true, false, page_persons},
    [ROUTE_PERSON_NEW] = {"GET", "/persons/new", false, true, true, false, page_person_new},
    [ROUTE_PERSON_NEW_POST] = {"POST", "/persons/new", false, true, true, false, page_person_new_post},
    [ROUTE_IMPORT] = {"GET", "/persons/import", false, true, true, false, page_import},
    [ROUTE_IMPORT_POST] = {"POST", "/persons/import", false, true, true, false, page_import_post},
    [ROUTE_IMPORT_FILE] = {"GET", "/persons/import/", true, true, true, false, page_import_file},
    [ROUTE_EXPORT] = {"GET", "/persons/export", false, true, true, false, page_export},
    [ROUTE_PERSON] = {"GET", "/persons/", true, true, true, false, page_person},
    [ROUTE_PERSON_POST] = {"POST", "/persons/", true, true, true, false, page_person_post},
    /* 系统管理 (county admin only; the pages answer 403 to others) opens on 用户管理. */
    [ROUTE_ADMIN] = {"GET", "/admin", false, true, true, false, page_admin_users},
    [ROUTE_ADMIN_USERS] = {"GET", "/admin/users", false, true, true, false, page_admin_users},
    [ROUTE_ADMIN_USERS_POST] = {"POST", "/admin/users", false, true, true, false, page_admin_users_post},
    [ROUTE_ADMIN_USER_NEW] = {"GET", "/admin/users/new", false, true, true, false, page_admin_user_new},
    [ROUTE_ADMIN_USER_POST] = {"POST", "/admin/users/", true, true, true, false, page_admin_user_post},
    [ROUTE_ADMIN_ONLINE] = {"GET", "/admin/online", false, true, true, false, page_admin_online},
    [ROUTE_ADMIN_ONLINE_POST] = {"POST", "/admin/online/", true, true, true, false, page_admin_online_post},
    [ROUTE_ADMIN_OPLOG] = {"GET", "/admin/oplog", false, true, true, false, page_admin_oplog},
    [ROUTE_ADMIN_LOGINLOG] = {"GET", "/admin/loginlog", false, true, true, false, page_admin_loginlog},
    [ROUTE_ADMIN_DICTS] = {"GET", "/admin/dicts", false, true, true, false, page_admin_dicts},
    [ROUTE_ADMIN_POLICY] = {"GET", "/admin/policy", false, true, true, false, page_admin_policy},
    [ROUTE_ADMIN_POLICY_POST] = {"POST", "/admin/policy", false, true, true, false, page_admin_policy_post},
    [ROUTE_API_PERSONS] = {"GET", "/api/v1/persons", false, true, true, false, api_persons},
    [ROUTE_API_EXPORT] = {"GET", "/api/v1/persons/export", false, true, true, false, page_export},
    [ROUTE_API_IMPORT] = {"POST", "/api/v1/persons/import", false, true, true, false, api_import_post},
    [ROUTE_API_PERSON] = {"GET", "/api/v1/persons/", true, true, true, false, api_person},
    [ROUTE_API_PERSON_CREATE] = {"POST", "/api/v1/persons", false, true, true, false, api_person_create},
    [ROUTE_API_PERSON_UPDATE] = {"PUT", "/api/v1/persons/", true, true, true, false, api_person_update},
    /* 民生工程: /projects/{code}[/cases[/export]|/enrol|/batch|/target|/payments[/...]] route inside page-projects. */
    [ROUTE_PROJECTS] = {"GET", "/projects", false, true, true, false, page_projects},
    [ROUTE_PROJECT] = {"GET", "/projects/", true, true, true, false, page_project},
    [ROUTE_PROJECT_POST] = {"POST", "/projects/", true, true, true, false, page_project_post},
    [ROUTE_CASE] = {"GET", "/cases/", true, true, true, false, page_case},
    [ROUTE_CASE_POST] = {"POST", "/cases/", true, true, true, false, page_case_post},
    [ROUTE_API_PROGRAMS] = {"GET", "/api/v1/programs", false, true, true, false, api_programs},
    [ROUTE_API_PROGRAM] = {"GET", "/api/v1/programs/", true, true, true, false, api_program},
    [ROUTE_API_CASES] = {"GET", "/api/v1/cases", false, true, true, false, api_cases},
    [ROUTE_API_CASE_CREATE] = {"POST", "/api/v1/cases", false, true, true, false, api_case_create},
    [ROUTE_API_CASE] = {"GET", "/api/v1/cases/", true, true, true, false, api_case},
    [ROUTE_API_CASE_POST] = {"POST", "/api/v1/cases/", true, true, true, false, api_case_post},
    /* 资金发放: a batch's page (/payments/{id}[/bank.xlsx|/bank.csv|/sent|/discard|/return]) and the API. */
    [ROUTE_PAYMENT] = {"GET", "/payments/", true, true, true, false, page_payment},
    [ROUTE_PAYMENT_POST] = {"POST", "/payments/", true, true, true, false, page_payment_post},
    [ROUTE_API_PAYMENTS] = {"GET", "/api/v1/payments", false, true, true, false, api_payments},
    [ROUTE_API_PAYMENTS_POST] = {"POST", "/api/v1/payments", false, true, true, false, api_payments_post},
    [ROUTE_API_PAYMENT] = {"GET", "/api/v1/payments/", true, true, true, false, api_payment},
    [ROUTE_API_PAYMENT_POST] = {"POST", "/api/v1/payments/", true, true, true, false, api_payment_post},
    [ROUTE_ADMIN_NOTICE] = {"GET", "/admin/notice", false, true, true, false, page_admin_notice},
    [ROUTE_ADMIN_NOTICE_POST] = {"POST", "/admin/notice", false, true, true, false, page_admin_notice_post},
    /* 就业与康复: training classes (/training[/new|/{id}[/signin|/add|/remove|/close]]), rehabilitation services. */
    [ROUTE_TRAINING] = {"GET", "/training", false, true, true, false, page_training},
    [ROUTE_TRAINING_ONE] = {"GET", "/training/", true, true, true, false, page_training_sub},
    [ROUTE_TRAINING_POST] = {"POST", "/training/", true, true, true, false, page_training_post},
    [ROUTE_REHAB] = {"GET", "/rehab", false, true, true, false, page_rehab},
    [ROUTE_REHAB_ONE] = {"GET", "/rehab/", true, true, true, false, page_rehab_sub},
    [ROUTE_REHAB_POST] = {"POST", "/rehab/", true, true, true, false, page_rehab_post},
    [ROUTE_API_TRAINING] = {"GET", "/api/v1/training", false, true, true, false, api_training},
    [ROUTE_API_TRAINING_POST] = {"POST", "/api/v1/training", false, true, true, false, api_training_post},
    [ROUTE_API_TRAINING_ONE] = {"GET", "/api/v1/training/", true, true, true, false, api_training_one},
    [ROUTE_API_TRAINING_ONE_POST] = {"POST", "/api/v1/training/", true, true, true, false, api_training_one_post},
    [ROUTE_API_TRAINING_ONE_DELETE] = {"DELETE", "/api/v1/training/", true, true, true, false, api_training_one_delete},
    [ROUTE_API_REHAB] = {"GET", "/api/v1/rehab", false, true, true, false, api_rehab},
    [ROUTE_API_REHAB_POST] = {"POST", "/api/v1/rehab", false, true, true, false, api_rehab_post},
    [ROUTE_API_REHAB_ONE] = {"GET", "/api/v1/rehab/", true, true, true, false, api_rehab_one},
    [ROUTE_API_TARGETS] = {"GET", "/api/v1/targets", false, true, true, false, api_targets},
    [ROUTE_API_TARGETS_POST] = {"POST", "/api/v1/targets", false, true, true, false, api_targets_post},
    [ROUTE_API_TARGET_COPY] = {"POST", "/api/v1/targets/copy", false, true, true, false, api_target_post},
    [ROUTE_API_TARGET] = {"GET", "/api/v1/targets/", true, true, true, false, api_target},
    [ROUTE_API_TARGET_PUT] = {"PUT", "/api/v1/targets/", true, true, true, false, api_target_put},
    [ROUTE_API_TARGET_POST] = {"POST", "/api/v1/targets/", true, true, true, false, api_target_post},
    [ROUTE_API_SUPERVISION] = {"GET", "/api/v1/supervision", false, true, true, false, api_supervision},
    [ROUTE_API_SUPERVISION_POST] = {"POST", "/api/v1/supervision", false, true, true, false, api_supervision_post},
    [ROUTE_API_SUPERVISION_ITEM_POST] = {"POST", "/api/v1/supervision/", true, true, true, false,
					 api_supervision_item_post},
    /* 残疾人基本情况调查: /survey[/townships|villages|records|checks/...] route inside page-survey, the API inside api-survey. */
    [ROUTE_SURVEY] = {"GET", "/survey", false, true, true, false, page_survey},
    [ROUTE_SURVEY_PAGE] = {"GET", "/survey/", true, true, true, false, page_survey},
    [ROUTE_SURVEY_POST] = {"POST", "/survey/", true, true, true, false, page_survey_post},
    [ROUTE_API_SURVEY] = {"GET", "/api/v1/survey", false, true, true, false, api_survey},
    [ROUTE_API_SURVEY_POST] = {"POST", "/api/v1/survey", false, true, true, false, api_survey_post},
    [ROUTE_API_SURVEY_SUB] = {"GET", "/api/v1/survey/", true, true, true, false, api_survey},
    [ROUTE_API_SURVEY_SUB_POST] = {"POST", "/api/v1/survey/", true, true, true, false, api_survey_post},
    /* 目标管理: the board, /targets/new, /targets/copy, /targets/{id}[/parts|/split|/entries|/supervision]; 督查. */
    [ROUTE_TARGETS] = {"GET", "/targets", false, true, true, false, page_targets},
    [ROUTE_TARGET] = {"GET", "/targets/", true, true, true, false, page_targets_sub},
    [ROUTE_TARGET_POST] = {"POST", "/targets/", true, true, true, false, page_targets_post},
    [ROUTE_SUPERVISION] = {"GET", "/supervision", false, true, true, false, page_supervision},
    [ROUTE_SUPERVISION_POST] = {"POST", "/supervision/", true, true, true, false, page_supervision_post},
    /* 就业保障金: /levy[/new|/export.xlsx|/{id}[/edit|/collections|/override]|/year] and its API. */
    [ROUTE_LEVY] = {"GET", "/levy", false, true, true, false, page_levy},
    [ROUTE_LEVY_PAGE] = {"GET", "/levy/", true, true, true, false, page_levy_sub},
    [ROUTE_LEVY_POST] = {"POST", "/levy/", true, true, true, false, page_levy_post},
    [ROUTE_API_ENTERPRISES] = {"GET", "/api/v1/enterprises", false, true, true, false, api_enterprises},
    [ROUTE_API_ENTERPRISE_CREATE] = {"POST", "/api/v1/enterprises", false, true, true, false, api_enterprise_create},
    [ROUTE_API_ENTERPRISE] = {"GET", "/api/v1/enterprises/", true, true, true, false, api_enterprise},
    [ROUTE_API_ENTERPRISE_UPDATE] = {"PUT", "/api/v1/enterprises/", true, true, true, false, api_enterprise_update},
    [ROUTE_API_ENTERPRISE_POST] = {"POST", "/api/v1/enterprises/", true, true, true, false, api_enterprise_post},
    [ROUTE_API_LEVY_YEAR] = {"GET", "/api/v1/levy/years/", true, true, true, false, api_levy_year},
    [ROUTE_API_LEVY_YEAR_PUT] = {"PUT", "/api/v1/levy/years/", true, true, true, false, api_levy_year_put},
    /* 年度汇报材料: the report written from the records, its export, its milestones; and their API. */
    [ROUTE_REPORT_ANNUAL] = {"GET", "/reports/annual", false, true, true, false, page_report_annual},
    [ROUTE_REPORT_ANNUAL_POST] = {"POST", "/reports/annual/", true, true, true, false, page_report_annual_post},
    [ROUTE_API_REPORT_ANNUAL] = {"GET", "/api/v1/reports/annual", false, true, true, false, api_report_annual},
    [ROUTE_API_MILESTONES] = {"GET", "/api/v1/milestones", false, true, true, false, api_milestones},
    [ROUTE_API_MILESTONES_POST] = {"POST", "/api/v1/milestones", false, true, true, false, api_milestones_post},
    [ROUTE_API_MILESTONE_DELETE] = {"DELETE", "/api/v1/milestones/", true, true, true, false, api_milestone_delete},
    /* 督查通知书: /supervision/{id}/notice.pdf (web/supervision-pdf). */
    [ROUTE_SUPERVISION_EXPORT] = {"GET", "/supervision/export.xlsx", false, true, true, false, export_supervision},
    [ROUTE_SUPERVISION_PDF] = {"GET", "/supervision/", true, true, true, false, supervision_pdf},
    /* 统计报表 (page-stats, api-stats). */
    [ROUTE_REPORTS] = {"GET", "/reports", false, true, true, false, page_stats},
    [ROUTE_REPORTS_EXPORT] = {"GET", "/reports/export.xlsx", false, true, true, false, page_stats_export},
    [ROUTE_API_STATS] = {"GET", "/api/v1/stats", false, true, true, false, api_stats},
};

static bool route_matches(const struct route_row *r, const char *path)
{
	if (r->prefix)
		return strncmp(path, r->path, strlen(r->path)) == 0;
	return strcmp(path, r->path) == 0;
}

/* Runs the handler for req, or fills in the error page. */
static void dispatch(struct server *s, struct request *req)
{
	if (req->too_large) {
		server_page(req, PAGE_TOO_LARGE);
		return;
	}
	const char *ctype = request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	bool urlencoded = ctype && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0;
	if (urlencoded || multipart_is(ctype)) {
		enum form_result fr = urlencoded ? form_parse(req) : multipart_form_parse(req, ctype);
		if (fr != FORM_OK) {
			server_page(req, fr == FORM_TOO_LARGE ? PAGE_TOO_LARGE : PAGE_BAD_FORM);
			return;
		}
	}
	/* HEAD is GET without the body, which libmicrohttpd leaves out by itself. */
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	const struct route_row *hit = NULL;
	char allow[64] = "";
	for (size_t i = 0; i < ROUTE__MAX; i++) {
		if (!route_matches(&routes[i], req->path))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			hit = &routes[i];
			break;
		}
		if (!strstr(allow, routes[i].method)) {
			size_t n = strlen(allow);
			snprintf(allow + n, sizeof allow - n, "%s%s%s", n ? ", " : "", routes[i].method,
			         strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
		}
	}
	if (!hit) {
		if (*allow) {
			server_page(req, PAGE_METHOD);
			if (response_header(req, MHD_HTTP_HEADER_ALLOW, allow) < 0)
				log_error("too many response headers");
		} else {
			server_page(req, PAGE_NOT_FOUND);
		}
		return;
	}
	struct error err = ERROR_INIT;
	if (hit->needs_db && !(req->db = server_reader(s, &err))) {
		log_error("cannot open a reader on %s: %s", s->db_path, err.msg);
		server_page(req, PAGE_INTERNAL);
		return;
	}
	/* The one place where sessions, logins and CSRF tokens are checked (web/auth.h). */
	int rc = auth_request(req, hit->needs_login, hit->wants_session, &err);
	if (rc > 0)
		rc = hit->handler(req, &err);
	if (rc < 0) {
		log_error("%s %s: %s", req->method, req->path, err.msg);
		for (size_t i = 0; i < req->res.nheaders; i++)
			free(req->res.headers[i].value);
		req->res.nheaders = 0;
		server_page(req, PAGE_INTERNAL);
	}
}

/* Request lifecycle */

static struct request *request_new(struct server *s, struct MHD_Connection *conn, const char *url, const char *method)
{
	struct request *req = xcalloc(1, sizeof *req);
	req->server = s;
	req->conn = conn;
	req->method = method;
	req->path =
	    url; /* libmicrohttpd has already cut the query off and decoded it; it lives as long as the request */
	snprintf(req->user, sizeof req->user, "-");
	req->started_us = now_us();
	buf_init(&req->body, REQUEST_BODY_MAX);
	buf_init(&req->res.body, RESPONSE_BODY_MAX);
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(req->client, sizeof req->client, "-");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, req->client,
			          sizeof req->client);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, req->client,
			          sizeof req->client);
	}
	return req;
}

static void request_free(struct request *req)
{
	buf_release(&req->body);
	buf_release(&req->res.body);
	for (size_t i = 0; i < req->nfields; i++) {
		free(req->fields[i].name);
		free(req->fields[i].value);
	}
	free(req->fields);
	free(req->files);
	if (req->res.file_len)
		close(req->res.file_fd);
	for (size_t i = 0; i < req->res.nheaders; i++)
		free(req->res.headers[i].value);
	free(req);
}

static enum MHD_Result header_size_check(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                         const char *value, size_t value_size)
{
	(void)kind;
	(void)key;
	(void)value;
	if (key_size > 256 || value_size > REQUEST_HEADER_MAX) {
		*(int *)cls = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct request *req = *con_cls;
	if (!req) {
		/* First call: the headers are in, the body (if any) comes in the next calls. */
		req = request_new(s, conn, url, method);
		*con_cls = req;
		pthread_mutex_lock(&s->flight_mu);
		s->in_flight++;
		pthread_mutex_unlock(&s->flight_mu);
		req->counted = true;
		MHD_get_connection_values_n(conn, MHD_HEADER_KIND, header_size_check, &req->too_large);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			unsigned long long n = strtoull(cl, NULL, 10);
			if (n > REQUEST_BODY_MAX)
				req->too_large = 1;
			/*
			 * Answer at once when the body is past any use and either the
			 * client waits for "100 Continue" before sending it (so it has
			 * sent nothing yet) or draining it would take too long.
			 */
			if (req->too_large && (n > BODY_DRAIN_MAX || request_header(req, MHD_HTTP_HEADER_EXPECT))) {
				dispatch(s, req);
				return respond(s, req);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		req->body_seen += *upload_data_size;
		if (!req->too_large && buf_add(&req->body, upload_data, *upload_data_size) < 0) {
			req->too_large = 1;
			buf_release(&req->body);
		}
		*upload_data_size = 0;
		/* A body without a length that goes on and on: drop the connection. */
		return req->body_seen > BODY_DRAIN_MAX ? MHD_NO : MHD_YES;
	}
	dispatch(s, req);
	return respond(s, req);
}

/* Writes a path for the log: control bytes as '?', cut to a sane length. */
static void log_path(char *out, size_t size, const char *path)
{
	size_t i = 0;
	for (; path && path[i] && i + 1 < size; i++)
		out[i] = ((unsigned char)path[i] < 0x20 || path[i] == 0x7f) ? '?' : path[i];
	out[i] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct server *s = cls;
	struct request *req = *con_cls;
	if (!req)
		return;
	*con_cls = NULL;
	char method[17], path[256];
	log_path(method, sizeof method, req->method);
	log_path(path, sizeof path, req->path);
	log_info("%s %s %u %zu %" PRIu64 "us %s%s", method, path, req->res.status, req->bytes,
	         now_us() - req->started_us, req->user,
	         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection closed early)");
	if (req->counted) {
		pthread_mutex_lock(&s->flight_mu);
		if (--s->in_flight == 0)
			pthread_cond_broadcast(&s->flight_cv);
		pthread_mutex_unlock(&s->flight_mu);
	}
	request_free(req);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("microhttpd: %s", line);
}

/* Lifecycle */

static void server_free(struct server *s)
{
	for (struct reader *r = s->readers, *next; r; r = next) {
		next = r->next;
		db_close(r->db);
		free(r);
	}
	db_close(s->writer);
	pthread_mutex_destroy(&s->writer_mu);
	pthread_mutex_destroy(&s->readers_mu);
	pthread_mutex_destroy(&s->flight_mu);
	pthread_cond_destroy(&s->flight_cv);
	free(s->db_path);
	free(s);
}

int server_start(const struct server_options *o, struct server **out, struct error *err)
{
	*out = NULL;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
	if (o->port > 65535 || inet_pton(AF_INET, o->address, &sa.sin_addr) != 1)
		return error_set(err, "invalid listen address %s:%u", o->address, o->port);

	struct server *s = xcalloc(1, sizeof *s);
	s->db_path = xstrdup(o->db_path);
	s->id = atomic_fetch_add(&server_ids, 1) + 1;
	pthread_mutex_init(&s->writer_mu, NULL);
	pthread_mutex_init(&s->readers_mu, NULL);
	pthread_mutex_init(&s->flight_mu, NULL);
	pthread_cond_init(&s->flight_cv, NULL);

	int claimed = -1;
	if (db_open(&s->writer, o->db_path, DB_WRITER, err) == 0 && (claimed = db_claim(s->writer, err)) == 1)
		error_set(err, "数据库 %s 正被另一个 huimin 进程写入（另一个服务或一条导入命令）：请等它结束或先停止它",
			  o->db_path);
	/* The dictionaries are read once, here, before any worker thread runs. */
	if (claimed != 0 || migrate_run(s->writer, NULL, err) < 0 || dict_load(s->writer, err) < 0) {
		server_free(s);
		return -1;
	}
	log_info("database %s: %s, schema version %d", o->db_path, db_engine_version(), migrate_latest());

	/* MHD_USE_ITC is what MHD_quiesce_daemon needs with a thread pool. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
	unsigned threads = o->threads ? o->threads : 1;
	s->daemon =
	    MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT,
	                     (unsigned)CONNECTION_LIMIT, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!s->daemon) {
		error_set(err, "cannot listen on %s:%u (address in use, or not an address of this machine)", o->address,
		          o->port);
		server_free(s);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	log_info("listening on %s:%u with %u thread(s), %s", o->address, s->port, threads,
	         flags & MHD_USE_EPOLL ? "epoll" : "poll");
	*out = s;
	return 0;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);

	/* Let the requests already started finish; the threads go on serving their connections meanwhile. */
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += STOP_WAIT_SECONDS;
	pthread_mutex_lock(&s->flight_mu);
	while (s->in_flight > 0)
		if (pthread_cond_timedwait(&s->flight_cv, &s->flight_mu, &deadline) == ETIMEDOUT)
			break;
	long left = s->in_flight;
	pthread_mutex_unlock(&s->flight_mu);
	if (left)
		log_warn("stopping with %ld request(s) still in flight", left);

	MHD_stop_daemon(s->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	server_free(s);
	log_info("server stopped");
}

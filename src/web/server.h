/*
 * server: the HTTP server (libmicrohttpd), its route table, and the
 * per-request state every handler gets.
 *
 * Invariants:
 * - One struct request per HTTP request, passed to the handler; there is no
 *   global request state. A handler runs on one of the pool's threads and
 *   may block (the other threads go on serving).
 * - Databases follow the single-writer rule (docs/design.md): the server owns
 *   one DB_WRITER connection, shared under a mutex (server_writer_lock), and
 *   each worker thread has its own DB_READER connection (req->db).
 * - Everything a client sends is bounded: the body (REQUEST_BODY_MAX), each
 *   header (REQUEST_HEADER_MAX), form fields (REQUEST_FIELDS_MAX and
 *   REQUEST_FIELD_MAX); anything over answers 413 before a handler runs.
 * - Every response, including the error pages, goes through one function
 *   that adds the security headers (CSP, nosniff, frame and referrer policy).
 * - The access log has one line per request: method, path (never the query
 *   string, which may carry personal data), status, bytes, microseconds, user.
 *
 *   struct server_options o = SERVER_OPTIONS_INIT;
 *   o.db_path = "huimin.db";
 *   struct server *s;
 *   if (server_start(&o, &s, &err) < 0) ...err.msg...
 *   ... printf("%u", server_port(s)); wait for a signal ...
 *   server_stop(s);
 */
#ifndef HUIMIN_SERVER_H
#define HUIMIN_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/token.h"
#include "domain/account.h"
#include "store/db.h"
#include "web/multipart.h"

#define REQUEST_BODY_MAX (8u << 20)    /* 8 MiB: a roster upload fits */
#define REQUEST_HEADER_MAX (16u << 10) /* one header's value (cookies included) */
#define REQUEST_FIELDS_MAX 1000        /* urlencoded form fields */
#define REQUEST_FIELD_MAX (256u << 10) /* one decoded form field */
#define RESPONSE_BODY_MAX (64u << 20)  /* a generated page or export */
#define RESPONSE_HEADERS_MAX 8         /* extra headers a handler may add */

struct server;
struct MHD_Connection;

struct server_options {
	const char *address; /* IPv4 dotted quad to listen on */
	unsigned port;       /* 0: any free port (see server_port) */
	const char *db_path;
	unsigned threads; /* worker threads, each with its own reader connection */
};

#define SERVER_OPTIONS_INIT                                                                                            \
	{                                                                                                              \
		"127.0.0.1", 8080, "huimin.db", 4                                                                      \
	}

struct request_field {
	char *name, *value;
};

struct request {
	struct server *server;
	struct MHD_Connection *conn;
	const char *method; /* "GET", "POST" ... (HEAD is answered as GET) */
	const char *path;   /* decoded, without the query string */
	char client[64];    /* the peer's address as text */
	struct db *db;      /* this thread's reader connection */
	char user[65];      /* for the access log: "-" until someone logs in */

	/*
	 * Who is logged in, filled by auth_request (web/auth.c) before the
	 * handler runs: account.id 0 when nobody. session is the cookie's
	 * token (for logout), csrf the token every form of the session carries.
	 */
	struct user account;
	char session[TOKEN_HEX];
	char csrf[TOKEN_HEX];

	/* The body: whole when the handler runs, at most REQUEST_BODY_MAX bytes. */
	struct buf body;
	/*
	 * Form fields of a POST body, urlencoded or multipart/form-data (where
	 * the files are apart, in files, pointing into body).
	 */
	struct request_field *fields;
	size_t nfields;
	struct multipart_part *files;
	size_t nfiles;

	/* The response the handler fills in; status 0 means 200. */
	struct response {
		unsigned status;
		const char *content_type; /* a static string; text/html gets charset=utf-8 */
		struct buf body;          /* capped at RESPONSE_BODY_MAX */
		const void *static_body;  /* instead of body: bytes that outlive the server (assets) */
		size_t static_len;
		int file_fd;              /* instead of body, when file_len: an open file, closed by the server */
		uint64_t file_len;
		struct {
			const char *name; /* static */
			char *value;      /* owned */
		} headers[RESPONSE_HEADERS_MAX];
		size_t nheaders;
	} res;

	/* Internal bookkeeping of the server. */
	uint64_t started_us;
	uint64_t body_seen; /* bytes the client sent, kept or not */
	size_t bytes;       /* of the response body sent */
	int too_large;      /* the request passed a limit: answer 413 */
	bool counted;       /* counted as in flight */
};

/* Lifecycle */

/*
 * Opens and migrates the writer connection, starts listening and the worker
 * threads. On error returns -1 with a message and *out is NULL.
 */
__attribute__((warn_unused_result)) int server_start(const struct server_options *o, struct server **out,
                                                     struct error *err);
/* The port the server listens on (useful after port 0). */
unsigned server_port(const struct server *s);
/*
 * Stops gracefully: stops accepting, lets the requests in flight finish
 * (up to a few seconds), stops the threads and closes every connection and
 * database. Frees s; NULL is fine.
 */
void server_stop(struct server *s);

/* The writer connection, held under the server's mutex until server_writer_unlock. */
struct db *server_writer_lock(struct server *s);
void server_writer_unlock(struct server *s);

/* Request: lookups (NULL when absent; strings live as long as the request) */

/* An argument of the query string, decoded. */
const char *request_arg(const struct request *req, const char *name);
/* A field of an urlencoded POST body, decoded (the first of that name). */
const char *request_field(const struct request *req, const char *name);
/* The file of a multipart form's field name (NULL when absent or no file was chosen). */
const struct multipart_part *request_file(const struct request *req, const char *name);
/* A request header, by case-insensitive name. */
const char *request_header(const struct request *req, const char *name);
/*
 * The record id in a path such as /persons/123 after prefix: true with *id
 * when the rest is a plain decimal number (no sign, no leading zero, at most
 * 18 digits); anything else names no record.
 */
bool request_path_id(const struct request *req, const char *prefix, int64_t *id);
/* The same for a path that may go on after the id (/persons/123/edit): *rest is what follows ("" or "/edit"). */
bool request_path_id_rest(const struct request *req, const char *prefix, int64_t *id, const char **rest);
/* A cookie's value. */
const char *request_cookie(const struct request *req, const char *name);

/* Response helpers */

/* Adds a header to the response (value copied); -1 when there are too many. */
__attribute__((warn_unused_result)) int response_header(struct request *req, const char *name, const char *value);
/*
 * A new empty temporary file whose name ends in suffix (".xlsx", ".csv"),
 * for an upload to read or a download to write; its path into path. The
 * caller removes it (response_download does). -1 with a message.
 */
__attribute__((warn_unused_result)) int server_temp_file(char path[64], const char *suffix, struct error *err);

/*
 * Answers with the file path (a download: content_type static, the name
 * the browser saves it as in filename, UTF-8) and removes path: the open
 * file is sent and closed after. -1 with a message.
 */
__attribute__((warn_unused_result)) int response_download(struct request *req, const char *path,
							   const char *content_type, const char *filename,
							   struct error *err);

/*
 * The same for a file the caller opened (fd, which this takes over: it is
 * closed after the response, or at once on error), which stays where it
 * is: a stored document rather than a temporary file. -1 with a message.
 */
__attribute__((warn_unused_result)) int response_send_fd(struct request *req, int fd, const char *content_type,
							  const char *filename, struct error *err);

/*
 * A whole small HTML page in Chinese with status, title and one message
 * (escaped), replacing any body. For error pages.
 */
void response_page(struct request *req, unsigned status, const char *title, const char *message);

#endif

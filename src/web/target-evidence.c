#include "web/target-evidence.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/attachment.h"
#include "web/api-persons.h"
#include "web/auth.h"

#define MODULE "目标管理"

int64_t target_evidence_path_id(const char *rest)
{
	static const char prefix[] = "/entries/", suffix[] = "/file";
	if (strncmp(rest, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *s = rest + sizeof prefix - 1;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 18 || s[0] == '0' || strcmp(s + digits, suffix) != 0)
		return 0;
	return strtoll(s, NULL, 10);
}

void target_evidence_href(int64_t id, int64_t eid, bool api, char out[TARGET_EVIDENCE_HREF_MAX])
{
	snprintf(out, TARGET_EVIDENCE_HREF_MAX, "%s/targets/%lld/entries/%lld/file", api ? "/api/v1" : "",
	         (long long)id, (long long)eid);
}

int target_evidence_add(struct request *req, int64_t id, const char *part, const char *date, long long value,
                        const char *note, struct target_entry *out, struct case_problems *pr, struct error *err)
{
	const struct multipart_part *f = request_file(req, "file");
	struct target_file file = {f ? f->data : NULL, f ? f->len : 0, f ? f->filename : ""};
	char dir[ATTACHMENT_DIR_MAX];
	attachment_dir(db_path(req->db), dir);
	struct db *w = server_writer_lock(req->server);
	int r =
	    target_add_entry_file(w, dir, id, part, date, value, note, f ? &file : NULL, &req->account, out, pr, err);
	server_writer_unlock(req->server);
	return r;
}

void *target_evidence_detail(const struct target_entry *e)
{
	json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:s}", "entry", (json_int_t)e->id, "part", e->part, "date", e->date,
	                      "value", (json_int_t)e->value, "note", e->note);
	if (d && e->file_sha256[0])
		json_object_set_new(d, "file",
		                    json_pack("{s:s, s:I, s:s}", "type", e->file_type, "size", (json_int_t)e->file_size,
		                              "sha256", e->file_sha256));
	return d;
}

static void refuse(struct request *req, bool api, unsigned status, const char *code, enum msg_id m, const char *title)
{
	if (api)
		api_error(req, status, code, msg(m), NULL);
	else
		response_page(req, status, title, msg(m));
}

int target_evidence_send(struct request *req, int64_t id, int64_t eid, const struct registry_scope *scope, bool api,
                         struct error *err)
{
	struct target_entry *e = xcalloc(1, sizeof *e);
	int rc = -1, fd = -1;
	int found = target_entry_get(req->db, id, eid, scope, e, err);
	if (found < 0)
		goto out;
	const char *type = found ? attachment_type_static(e->file_type) : NULL;
	if (!found || !e->file_sha256[0]) {
		refuse(req, api, 404, "not_found", MSG_TARGET_EVIDENCE_NOT_FOUND, "佐证材料不存在");
		rc = 0;
		goto out;
	}
	char dir[ATTACHMENT_DIR_MAX];
	attachment_dir(db_path(req->db), dir);
	struct error ferr = ERROR_INIT;
	if (!type || attachment_open_stored(dir, e->file_sha256, e->file_size, &fd, &ferr) < 0) {
		log_error("target %lld entry %lld: %s", (long long)id, (long long)eid,
		          type ? ferr.msg : "evidence of an unknown type");
		refuse(req, api, 500, "file_missing", MSG_TARGET_EVIDENCE_MISSING, "文件缺失");
		rc = 0;
		goto out;
	}
	/* Viewing the evidence (which may list persons) is logged before it is sent. */
	char object[40], detail[160];
	snprintf(object, sizeof object, "target:%lld", (long long)id);
	snprintf(detail, sizeof detail, "{\"entry\":%lld,\"sha256\":\"%s\"}", (long long)eid, e->file_sha256);
	if (auth_audit(req, MODULE, "查看佐证材料", object, detail, "成功", err) < 0)
		goto out;
	rc = response_send_fd(req, fd, type, e->file_name, err);
	fd = -1; /* taken over */
out:
	if (fd >= 0)
		close(fd);
	free(e);
	return rc;
}

#include "web/api-body.h"

#include <jansson.h>

#include "web/api-persons.h"

void *api_body_object(struct request *req)
{
	json_error_t jerr;
	json_t *root = req->body.len ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		api_error(req, 400, "bad_request", "请求内容应为JSON对象", NULL);
		return NULL;
	}
	return root;
}

void api_refused(struct request *req, const struct case_problems *pr)
{
	json_t *fields = json_object();
	for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++)
		json_object_set_new(fields, pr->items[i].field, json_string(pr->items[i].reason));
	api_error(req, 400, "invalid", *pr->message ? pr->message : "填写有误，请按各项提示修改", fields);
}

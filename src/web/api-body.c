#include "web/api-body.h"

#include <stdio.h>
#include <string.h>

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

static void reason(json_t **fields, const char *key, const char *text)
{
	if (!*fields)
		*fields = json_object();
	json_object_set_new(*fields, key, json_string(text));
}

int api_body_read(struct request *req, struct api_body *b, size_t max, const char *hint)
{
	memset(b, 0, sizeof *b);
	if (max > API_VALUES_MAX)
		max = API_VALUES_MAX;
	json_error_t jerr;
	b->root = req->body.len ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(b->root)) {
		api_error(req, 400, "bad_request", "请求内容应为JSON对象", NULL);
		return -1;
	}
	json_t *values = json_object_get(b->root, "values");
	if (values && !json_is_object(values)) {
		reason(&b->fields, "values", hint);
		return 0;
	}
	const char *key;
	json_t *v;
	json_object_foreach(values, key, v)
	{
		if (b->n == max)
			break;
		char *t = b->texts[b->n];
		if (json_is_string(v))
			snprintf(t, sizeof b->texts[0], "%s", json_string_value(v));
		else if (json_is_integer(v))
			snprintf(t, sizeof b->texts[0], "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(t, sizeof b->texts[0], "%g", json_real_value(v));
		else if (json_is_boolean(v))
			snprintf(t, sizeof b->texts[0], "%s", json_is_true(v) ? "true" : "false");
		else if (json_is_null(v))
			continue;
		else {
			reason(&b->fields, key, "应为字符串、数字或布尔值");
			continue;
		}
		b->values[b->n].field = key;
		b->values[b->n].text = t;
		b->n++;
	}
	return 0;
}

void api_body_release(struct api_body *b)
{
	json_decref(b->fields);
	json_decref(b->root);
}

const char *api_body_str(const struct api_body *b, const char *key)
{
	const char *s = json_string_value(json_object_get(b->root, key));
	return s ? s : "";
}

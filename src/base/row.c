#include "base/row.h"

const char *row_get(const struct row *r, size_t i)
{
	return i < r->count && r->field[i] ? r->field[i] : "";
}

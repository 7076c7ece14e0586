/*
 * assets: the static files (stylesheet, script) compiled into the binary by
 * scripts/embed-assets.sh from src/web/assets/, so that a huimin executable
 * serves its own pages with nothing to install beside it.
 */
#ifndef HUIMIN_ASSETS_H
#define HUIMIN_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;         /* file name, e.g. "app.css" */
	const char *content_type; /* e.g. "text/css" */
	const unsigned char *bytes;
	size_t length;
};

/* The table, generated into build/gen/assets.c. */
extern const struct asset assets[];
extern const size_t assets_count;

/* The asset called name (no directories), or NULL. */
const struct asset *asset_find(const char *name);

#endif

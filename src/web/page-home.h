/* page-home: GET / (首页), the first page after logging in. */
#ifndef HUIMIN_PAGE_HOME_H
#define HUIMIN_PAGE_HOME_H

#include "base/error.h"
#include "web/server.h"

int page_home(struct request *req, struct error *err);

#endif

/*
 * page-login: logging in and out, and changing one's own password.
 *
 *   GET  /login     the form (a logged-in user goes on to /)
 *   POST /login     account_login; a session and its cookie on success
 *   POST /logout    ends the session
 *   GET  /password  the form to change one's password
 *   POST /password  changes it (the session stays)
 *
 * The login form is protected by a double-submit token (cookie hm_login,
 * Path=/login, and a hidden field): there is no session yet to hold a CSRF
 * token. Logins go to the login log, logouts and password changes to the
 * operation log; a password never goes into either.
 */
#ifndef HUIMIN_PAGE_LOGIN_H
#define HUIMIN_PAGE_LOGIN_H

#include "base/error.h"
#include "web/server.h"

int page_login(struct request *req, struct error *err);
int page_login_post(struct request *req, struct error *err);
int page_logout_post(struct request *req, struct error *err);
int page_password(struct request *req, struct error *err);
int page_password_post(struct request *req, struct error *err);

#endif

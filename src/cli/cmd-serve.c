/* huimin serve: the web server, until SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "cli/cli.h"
#include "web/server.h"

#define THREADS_MAX 64

/* Splits ADDR:PORT into addr (IPv4 dotted quad) and port 0-65535; -1 when it is not that. */
static int parse_listen(const char *s, char addr[INET_ADDRSTRLEN], unsigned *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) >= INET_ADDRSTRLEN || !colon[1])
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	struct in_addr in;
	if (inet_pton(AF_INET, addr, &in) != 1)
		return -1;
	char *end;
	const char *p = colon + 1;
	if (strspn(p, "0123456789") != strlen(p) || strlen(p) > 5)
		return -1;
	unsigned long n = strtoul(p, &end, 10);
	if (*end || n > 65535)
		return -1;
	*port = (unsigned)n;
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct server_options o = SERVER_OPTIONS_INIT;
	char addr[INET_ADDRSTRLEN] = "127.0.0.1";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (strcmp(a, "--listen") == 0 || strcmp(a, "--threads") == 0) {
			if (i + 1 == argc)
				return cli_usage_error(&cmd_serve, "%s 后面缺少参数", a);
			v = argv[++i];
		} else if (strncmp(a, "--listen=", 9) == 0 || strncmp(a, "--threads=", 10) == 0) {
			v = strchr(a, '=') + 1;
		} else {
			return cli_usage_error(&cmd_serve, "不认识的参数 %s", a);
		}
		if (strncmp(a, "--listen", 8) == 0) {
			if (parse_listen(v, addr, &o.port) < 0)
				return cli_usage_error(
				    &cmd_serve,
				    "--listen 的值“%s”无效，应为 IPv4地址:端口，例如 127.0.0.1:8080（端口 0-65535）",
				    v);
		} else {
			char *end;
			long n = strtol(v, &end, 10);
			if (!*v || *end || n < 1 || n > THREADS_MAX)
				return cli_usage_error(&cmd_serve, "--threads 的值“%s”无效，应为 1-%d 的整数", v,
				                       THREADS_MAX);
			o.threads = (unsigned)n;
		}
	}
	o.address = addr;
	o.db_path = cli->db_path;

	/*
	 * The database must exist (huimin init or demo makes it) and no other
	 * process may be writing it; this also migrates an older one. The
	 * server claims it again for as long as it runs.
	 */
	struct db *db;
	if (cli_open_db(cli, CLI_WRITE, &db) < 0)
		return EXIT_USAGE;
	db_close(db);

	/*
	 * Block the stop signals before any thread starts, so that every thread
	 * inherits the mask and only sigwait below receives them.
	 */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct server *s;
	struct error err = ERROR_INIT;
	if (server_start(&o, &s, &err) < 0) {
		fprintf(stderr, "huimin serve: %s\n", err.msg);
		return EXIT_USAGE;
	}
	printf("huimin 已启动：http://%s:%u/\n", addr, server_port(s));
	fflush(stdout);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	log_info("%s received, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(s);
	return EXIT_OK;
}

const struct command cmd_serve = {
    "serve",
    run,
    "启动网页服务（按 Ctrl+C 停止）",
    "用法: huimin serve [--listen 地址:端口] [--threads N]\n\n"
    "启动网页服务，直到收到 Ctrl+C（SIGINT）或 SIGTERM；停止时等正在处理的请求完成。\n"
    "数据库须已存在（huimin init 或 huimin demo 创建）。\n\n"
    "  --listen 地址:端口  监听的 IPv4 地址和端口（默认 127.0.0.1:8080；端口 0 表示任选一个空闲端口）\n"
    "  --threads N        处理请求的线程数（默认 4，最多 64）\n\n"
    "生产环境中请只监听 127.0.0.1，由 nginx 等反向代理提供 HTTPS。\n",
};

#!/bin/sh
# make run: the demo county in ./huimin.db (made once, kept after), then the
# web server on 127.0.0.1:8080 until Ctrl-C.
set -e
DB=${HUIMIN_DB:-huimin.db}
LISTEN=${HUIMIN_LISTEN:-127.0.0.1:8080}
if [ -e "$DB" ]; then
	build/huimin --db "$DB" init
else
	build/huimin --db "$DB" demo
fi
echo
echo "打开 http://$LISTEN/ 用上面的管理员账号登录（Ctrl-C 停止）"
exec build/huimin --db "$DB" serve --listen "$LISTEN"

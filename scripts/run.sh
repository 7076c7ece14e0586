#!/bin/sh
# make run: the demo county in ./huimin.db (made once, kept after) with the
# projects of programs/, then the web server on 127.0.0.1:8080 until Ctrl-C.
set -e
DB=${HUIMIN_DB:-huimin.db}
LISTEN=${HUIMIN_LISTEN:-127.0.0.1:8080}
if [ -e "$DB" ]; then
	build/huimin --db "$DB" init
else
	build/huimin --db "$DB" demo
fi
# The livelihood projects shipped in programs/ (loading the same text again changes nothing).
for f in programs/*.json; do
	[ "$f" = programs/survey-form.json ] && continue # the survey's form, not a project
	build/huimin --db "$DB" program load "$f" || echo "（$f 未载入，见上面的说明）"
done
# This year's 残疾人基本情况调查 with the form of programs/ (the same form again changes nothing).
build/huimin --db "$DB" survey open "$(date +%Y)" programs/survey-form.json || echo "（调查未开展，见上面的说明）"
echo
echo "打开 http://$LISTEN/ 用上面的管理员账号登录（Ctrl-C 停止）"
exec build/huimin --db "$DB" serve --listen "$LISTEN"

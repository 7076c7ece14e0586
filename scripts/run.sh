#!/bin/sh
# make run: the demo county in ./huimin.db (made once, kept after) with the
# projects of programs/, then the web server on 127.0.0.1:8080 until Ctrl-C.
set -e
DB=${HUIMIN_DB:-huimin.db}
LISTEN=${HUIMIN_LISTEN:-127.0.0.1:8080}
FRESH=0
if [ -e "$DB" ]; then
	build/huimin --db "$DB" init
else
	build/huimin --db "$DB" demo
	FRESH=1
fi
# The livelihood projects shipped in programs/ (loading the same text again changes nothing).
for f in programs/*.json; do
	[ "$f" = programs/survey-form.json ] && continue # the survey's form, not a project
	build/huimin --db "$DB" program load "$f" || echo "（$f 未载入，见上面的说明）"
done
# This year's 残疾人基本情况调查 with the form of programs/ (the same form again changes nothing).
build/huimin --db "$DB" survey open "$(date +%Y)" programs/survey-form.json || echo "（调查未开展，见上面的说明）"
# A new demo county gets this year's targets as the report sets them (目标管理 starts with something to track).
if [ "$FRESH" = 1 ]; then
	Y=$(date +%Y)
	while IFS='|' read -r line name unit value source; do
		build/huimin --db "$DB" target add "$Y" "$line" "$name" "$unit" "$value" "$Y-12-31" "$source" >/dev/null ||
			echo "（目标“$name”未设定，见上面的说明）"
	done <<TARGETS
cataract|贫困白内障复明手术|例|400|program:cataract:operated
assistance|贫困重度残疾人生活特别救助|名|9325|program:assistance:approved
employment|万人千元就业工程扶持就业|人|118|program:employment:paid
employment|残疾人就业培训班|期|3|training:classes
survey|残疾人基本情况调查入户调查|个村|351|survey:villages
levy|征收残疾人就业保障金|元|1000000|levy:collected
rehab|残疾人康复服务|人次|200|rehab:services
TARGETS
fi
echo
echo "打开 http://$LISTEN/ 用上面的管理员账号登录（Ctrl-C 停止）"
exec build/huimin --db "$DB" serve --listen "$LISTEN"

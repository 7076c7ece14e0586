#!/bin/sh
# make run: the demo county in ./huimin.db (made once, kept after), then start.
# The web server comes with the web application; until then this prints
# what the database holds and how to use the command line.
set -e
DB=${HUIMIN_DB:-huimin.db}
if [ -e "$DB" ]; then
	build/huimin --db "$DB" init
else
	build/huimin --db "$DB" demo
fi
echo
echo "试一试:"
echo "  build/huimin --db $DB export persons --out 花名册.xlsx          # 导出花名册"
echo "  build/huimin --db $DB import persons 花名册.xlsx --errors 错误.csv  # 导入（校验每一行）"
echo "  build/huimin --db $DB user add qinghe --role township --division 341699001000  # 新增账号"
echo "  build/huimin help"

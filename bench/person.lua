-- wrk script for bench/web.sh: GET /persons/{id} for a random id in 1..MAX_ID
-- (the environment variable), so the pages read come from all over the registry.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")

function init(args)
	-- Each wrk thread draws its own sequence.
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

request = function()
	return wrk.format("GET", "/persons/" .. math.random(max_id))
end

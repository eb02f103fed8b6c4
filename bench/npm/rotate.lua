-- wrk script for bench/npm: spreads the requests over the benchmark's packages (@bench/pkg-01 … pkg-NN), so every
-- registry answers for all of them rather than for one hot entry.
--   NPM_PREFIX    path of the registry on its host ("/_registry/npm" for Wharf, "" for Verdaccio)
--   NPM_KIND      packument (default) or tarball
--   NPM_PACKAGES  how many packages (default 50)
local prefix = os.getenv("NPM_PREFIX") or ""
local kind = os.getenv("NPM_KIND") or "packument"
local count = tonumber(os.getenv("NPM_PACKAGES") or "50")
local i = 0

request = function()
  i = (i % count) + 1
  local name = string.format("pkg-%02d", i)
  local path
  if kind == "tarball" then
    path = string.format("%s/@bench/%s/-/%s-1.0.0.tgz", prefix, name, name)
  else
    path = string.format("%s/@bench%%2f%s", prefix, name)
  end
  return wrk.format(nil, path)
end

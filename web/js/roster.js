// The console's copy of one team (GET /api/v1/teams/TEAM: team, reps with their signed-in
// devices, pairs, retired metrics). Views read it and listen for changes; it loads again after
// each change the console makes and when the server says the team changed (the `team` frame).
export function createRoster(api, teamId) {
  const listeners = new Set();
  const path = `/teams/${encodeURIComponent(teamId)}`;
  let data = null, loading = null, again = false;

  const roster = {
    get data() { return data; },
    path,
    on(fn) {
      listeners.add(fn);
      if (data) queueMicrotask(() => listeners.has(fn) && fn(data));
      return () => listeners.delete(fn);
    },
    // Loads again; a call while a load runs asks for one more after it (the newest state wins).
    load() {
      if (loading) { again = true; return loading; }
      loading = api.get(path).then((next) => {
        data = normalise(next);
        for (const fn of [...listeners]) fn(data);
        return data;
      }).finally(() => {
        loading = null;
        if (again) { again = false; roster.load().catch(() => {}); }
      });
      return loading;
    },
    // Runs an API call, then shows the team as it is now; rejects with the call's error.
    async change(call) {
      const result = await call(api, path);
      await roster.load().catch(() => {});
      return result;
    },
    nameOf(id) { return data?.reps.find((r) => r.id === id)?.name || id; },
    partnerOf(id) {
      const pair = data?.pairs.find((p) => p.reps.includes(id));
      return pair ? pair.reps.find((r) => r !== id) : null;
    },
  };
  return roster;
}

function normalise(body) {
  return {
    team: body.team,
    reps: Array.isArray(body.reps) ? body.reps : [],
    pairs: Array.isArray(body.pairs) ? body.pairs : [],
    partners: Array.isArray(body.partners) ? body.partners : [], // partners in other teams
    retired: Array.isArray(body.retired_metrics) ? body.retired_metrics : [],
  };
}

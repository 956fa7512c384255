#!/usr/bin/env python3
"""gen-agents.py - writes samples/agents.jsonl (standard library only, fixed seed).

Two weeks of an agent log, 2026-10-18 .. 2026-10-31 UTC. llm_call records name their
model in context.model and their agent in context.agent. In the second week one model,
gpt-4.1-mini, answers two and a half times as slowly (and is used a little more); the other models
and the other operations keep their speed. So `weekly --now latest` flags llm_call as
slower, and `--explain context.model` (or `--by operation_type,context.model`) shows
that gpt-4.1-mini made it so. Run from the top of the source tree:

    python3 samples/gen-agents.py
"""
import json
import random

rng = random.Random(12)
START = 1792281600  # 2026-10-18T00:00:00Z
DAY = 86400
MODELS = [("claude-sonnet-4-5", 1400.0, 0.45), ("gpt-4.1-mini", 700.0, 0.30),
          ("claude-haiku-4-5", 600.0, 0.25)]
AGENTS = ["planner", "coder", "reviewer"]


def iso(t):
    import datetime
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (int(round(t * 1000)) % 1000)


def main():
    out = []
    t = float(START)
    end = START + 14 * DAY
    i = 0
    while t < end:
        second = t >= START + 7 * DAY
        sess = "sess-%04d" % (i // 12)
        r = rng.random()
        if r < 0.55:
            weights = [m[2] for m in MODELS]
            if second:
                weights = [0.40, 0.40, 0.20]
            name, mean, _ = rng.choices(MODELS, weights)[0]
            if second and name == "gpt-4.1-mini":
                mean *= 2.5
            dur = round(rng.lognormvariate(0, 0.25) * mean, 3)
            rec = {"timestamp": iso(t), "operation_type": "llm_call", "duration_ms": dur,
                   "success": True, "session_id": sess,
                   "context": {"model": name, "agent": rng.choice(AGENTS),
                               "tokens": {"in": rng.randrange(500, 40000)}}}
            if rng.random() < 0.01:
                rec["success"] = False
                rec["error"] = "rate_limited"
        elif r < 0.85:
            dur = round(rng.lognormvariate(0, 0.4) * 180.0, 3)
            rec = {"timestamp": iso(t), "operation_type": "tool_exec", "duration_ms": dur,
                   "success": True, "session_id": sess,
                   "context": {"tool": rng.choice(["bash", "read", "edit"]),
                               "agent": rng.choice(AGENTS)}}
        else:
            dur = round(rng.lognormvariate(0, 0.3) * 40.0, 3)
            rec = {"timestamp": iso(t), "operation_type": "memory_search", "duration_ms": dur,
                   "session_id": sess, "context": {"k": 8}}
        out.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        t += rng.uniform(600, 1800)
        i += 1
    with open("samples/agents.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Appends one visit a second to today's log file, as a live web server would, until stopped.
cd "$(dirname "$0")"
file="log/events-$(date -u +%Y-%m-%d).jsonl"
pages=(/ /pricing /docs /blog /signup)
while true; do
  printf '{"user": "u%d", "page": "%s", "ts": %d}\n' $((RANDOM % 40 + 1)) "${pages[RANDOM % 5]}" "$(date +%s%3N)" >> "$file"
  sleep 1
done


"use strict";
(function () {
  const data = JSON.parse(document.getElementById("session-data").textContent);
  const cues = data.cues;
  const $ = (id) => document.getElementById(id);
  const names = {};
  data.exercises.forEach((e) => { names[e.id] = e; });

  let index = -1;        // the cue shown
  let endsAt = 0;        // performance.now() when it ends, while running
  let left = 0;          // ms left, while paused
  let paused = false;
  let timer = null;
  let lastSecond = null;
  let done = -1;         // the last cue reached
  let audio = null;
  let wake = null;

  function el(tag, text) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) { $("say").textContent = text; }

  function beep(high) {
    if (!$("beep").checked) return;
    try {
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return;
      audio = audio || new AC();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = high ? 880 : 660;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.15);
    } catch (e) { /* no sound where the browser has none */ }
  }

  function speak(text) {
    if (!$("speak").checked) return;
    try {
      if (!("speechSynthesis" in window)) return;
      window.speechSynthesis.cancel();
      const u = new SpeechSynthesisUtterance(text);
      u.lang = document.documentElement.lang;
      window.speechSynthesis.speak(u);
    } catch (e) { /* no speech where the browser has none */ }
  }

  function keepAwake() {
    try {
      if (!navigator.wakeLock || wake) return;
      navigator.wakeLock.request("screen").then((lock) => {
        wake = lock;
        lock.addEventListener("release", () => { wake = null; });
      }, () => {});
    } catch (e) { /* the screen may sleep */ }
  }

  function letSleep() {
    if (wake) { wake.release().catch(() => {}); wake = null; }
  }

  function seconds(ms) { return Math.max(0, Math.ceil(ms / 1000)); }

  function showTime(ms) {
    const s = seconds(ms);
    $("timer").textContent = String(s);
    if (s !== lastSecond) {
      lastSecond = s;
      if (s > 0 && s < cues[index].duration && (s <= 3 || s % 5 === 0)) {
        say(String(s));
      }
    }
  }

  function show(n) {
    const cue = cues[n];
    const exercise = names[cue.exercise];
    index = n;
    done = Math.max(done, n);
    lastSecond = cue.duration;
    const run = $("run");
    run.className = cue.kind;
    run.dataset.index = String(n);
    run.dataset.exercise = cue.exercise;
    run.dataset.kind = cue.kind;
    $("progress").textContent =
      "Step " + (n + 1) + " of " + cues.length + " · day " + data.day;
    $("exercise").textContent = exercise.name;
    $("kind").textContent = cue.kindName;
    $("side").textContent = cue.sideName || "";
    $("phase").textContent = cue.phaseName || "";
    $("count").textContent = cue.repetition
      ? cue.repetition + " of " + cue.repetitions : "";
    $("set").textContent =
      exercise.sets > 1 ? "set " + cue.set + " of " + exercise.sets : "";
    $("text").textContent = cue.text;
    $("timer").textContent = String(cue.duration);
    const steps = $("steps");
    steps.replaceChildren(...exercise.steps.map((s) => el("li", s)));
    say(exercise.name + ". " + cue.text + " " + cue.duration + " seconds.");
    beep(cue.kind !== "rest");
    speak(cue.text);
  }

  function schedule() {
    clearTimeout(timer);
    const now = performance.now();
    const ms = endsAt - now;
    if (ms <= 0) { next(); return; }
    showTime(ms);
    // Wake at the next whole second, or the end of the cue.
    const wait = ms % 1000 || 1000;
    timer = setTimeout(schedule, wait);
  }

  function begin(n, at) {
    show(n);
    endsAt = at + cues[n].duration * 1000;
    if (paused) { left = cues[n].duration * 1000; return; }
    schedule();
  }

  function next() {
    if (index + 1 >= cues.length) { finish(); return; }
    begin(index + 1, endsAt);
  }

  function move(step) {
    const n = index + step;
    if (n < 0) return;
    if (n >= cues.length) { finish(); return; }
    clearTimeout(timer);
    begin(n, performance.now());
  }

  function pause(on) {
    if (on === paused) return;
    paused = on;
    if (paused) {
      clearTimeout(timer);
      left = Math.max(0, endsAt - performance.now());
      $("pause").textContent = "Resume";
      $("state").textContent = "Paused";
      say("Paused");
      letSleep();
    } else {
      endsAt = performance.now() + left;
      $("pause").textContent = "Pause";
      $("state").textContent = "";
      say("Resumed");
      keepAwake();
      schedule();
    }
  }

  function start() {
    $("welcome").hidden = true;
    $("run").hidden = false;
    keepAwake();
    begin(0, performance.now());
    $("pause").focus();
  }

  function finish() {
    clearTimeout(timer);
    paused = true;
    letSleep();
    ask(false);
  }

  function doneIds() {
    const seen = [];
    for (let i = 0; i <= done && i < cues.length; i++) {
      if (!seen.includes(cues[i].exercise)) seen.push(cues[i].exercise);
    }
    return seen;
  }

  const CHANGES = [["better", "Better"], ["same", "The same"], ["worse", "Worse"]];

  function ask(midway) {
    const form = $("answers");
    const ids = doneIds();
    const kept = {};
    form.querySelectorAll("input:checked").forEach((i) => {
      kept[i.name] = i.value;
    });
    form.replaceChildren();
    ids.forEach((id) => {
      const fieldset = el("fieldset");
      fieldset.append(el("legend", names[id].name));
      const row = el("div");
      row.className = "choice";
      CHANGES.forEach(([value, label]) => {
        const input = el("input");
        input.type = "radio";
        input.name = id;
        input.value = value;
        input.checked = kept[id] === value;
        const wrap = el("label");
        wrap.append(input, " " + label);
        row.append(wrap);
      });
      fieldset.append(row);
      form.append(fieldset);
    });
    $("run").hidden = true;
    $("ask").hidden = false;
    $("resume").hidden = !midway;
    update();
    $("asked").focus();
  }

  function reports() {
    const out = [];
    $("answers").querySelectorAll("input:checked").forEach((i) => {
      out.push({ day: data.day, exercise: i.name, change: i.value });
    });
    return out;
  }

  function reportText() {
    return JSON.stringify(reports(), null, 2) + "\n";
  }

  function update() {
    const worse = reports().some((r) => r.change === "worse");
    const rules = $("rules");
    rules.replaceChildren(...data.stopRules.map((t) => el("p", t)));
    $("stop").hidden = !worse;
    $("report").value = reportText();
    $("saved").textContent = "";
  }

  function save() {
    const blob = new Blob([reportText()], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = el("a");
    a.href = url;
    a.download = "pain-reports-day-" + data.day + ".json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    $("saved").textContent = "Saved as " + a.download + ".";
  }

  function copy() {
    const text = reportText();
    const failed = () => {
      $("report").select();
      $("saved").textContent =
        "Could not copy: the text is selected above; copy it by hand.";
    };
    try {
      navigator.clipboard.writeText(text).then(() => {
        $("saved").textContent = "Copied to the clipboard.";
      }, failed);
    } catch (e) { failed(); }
  }

  function resume() {
    $("ask").hidden = true;
    $("run").hidden = false;
    $("pause").focus();
  }

  function onKey(event) {
    if ($("run").hidden || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const tag = event.target.tagName;
    if (event.key === " " && tag !== "BUTTON" && tag !== "SUMMARY" &&
        tag !== "INPUT") {
      event.preventDefault();
      pause(!paused);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      move(-1);
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      move(1);
    }
  }

  document.title = data.title;
  $("title").textContent = data.title;
  $("notices").replaceChildren(...data.notices.map((t) => el("p", t)));
  const minutes = Math.round(
    cues.reduce((sum, c) => sum + c.duration, 0) / 60);
  $("about").textContent = "Day " + data.day + ": " + data.exercises.length +
    " exercise" + (data.exercises.length === 1 ? "" : "s") + ", " +
    cues.length + " steps, about " + Math.max(1, minutes) + " min.";
  $("start").addEventListener("click", start);
  $("pause").addEventListener("click", () => pause(!paused));
  $("back").addEventListener("click", () => move(-1));
  $("skip").addEventListener("click", () => move(1));
  $("hurts").addEventListener("click", () => { pause(true); ask(true); });
  $("resume").addEventListener("click", resume);
  $("save").addEventListener("click", save);
  $("copy").addEventListener("click", copy);
  $("answers").addEventListener("change", update);
  $("answers").addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !paused && index >= 0) {
      keepAwake();
    }
  });
})();

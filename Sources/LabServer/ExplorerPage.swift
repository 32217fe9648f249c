/// The explorer's single page: controls generated from `/api/scenarios`,
/// charts drawn by the server (`/api/chart`), numbers from `/api/run`. No
/// script or style is fetched from anywhere else.
enum ExplorerPage {
    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>EDL Lab explorer</title>
        <style>
        body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}
        header{background:#0072B2;color:#fff;padding:8px 16px}
        header h1{font-size:20px;margin:0;display:inline}
        header span{margin-left:12px;font-size:14px}
        main{display:flex;gap:16px;padding:12px 16px}
        #controls{flex:0 0 320px;font-size:14px}
        #controls label{display:block;margin-top:8px;font-weight:bold}
        #controls small{display:block;color:#555;font-weight:normal}
        #controls input,#controls select{width:100%;box-sizing:border-box;padding:3px}
        #views{flex:1;min-width:0}
        .view{display:inline-block;vertical-align:top;margin:0 12px 12px 0;max-width:100%}
        .view svg{max-width:100%;height:auto;border:1px solid #ddd}
        .view .links a{margin-right:8px;font-size:13px}
        #verdict{font-family:monospace;background:#f4f4f4;padding:6px;white-space:pre-wrap}
        #command{font-family:monospace;background:#f4f4f4;padding:6px;white-space:pre-wrap;font-size:13px}
        #error{color:#b00;font-weight:bold;white-space:pre-wrap}
        #guide{border:2px solid #CC79A7;padding:8px;margin-bottom:10px;display:none}
        #guide .answer{display:none;background:#fbeef5;padding:6px}
        button{margin:4px 4px 0 0}
        table{border-collapse:collapse;font-size:13px}td,th{padding:2px 6px;text-align:right;border-bottom:1px solid #eee}
        </style></head><body>
        <header><h1>EDL Lab explorer</h1><span id="status">loading…</span></header>
        <main>
        <section id="controls">
          <button id="guided-toggle">Guided mode</button>
          <button id="pin">Pin for comparison</button><button id="unpin">Clear pins</button>
          <div id="pins"></div>
          <label>Scenario<select id="scenario"></select><small id="scenario-summary"></small></label>
          <label>Learner<select id="learner"></select><small id="learner-summary"></small></label>
          <div id="parameters"></div>
          <label>n-grid<input id="grid" value="1...1000:log20"><small>a list 1,2,5, a range 1...1000, or a log grid 1...100000:log30</small></label>
          <label>Replicates<input id="replicates" type="number" min="1" value="200"></label>
          <label>Seed<input id="seed" type="number" min="0" value="1"></label>
        </section>
        <section id="views">
          <div id="guide"><h3 id="guide-title"></h3><p><b>Predict.</b> <span id="guide-predict"></span></p>
            <p id="guide-runs"></p><p><b>Look.</b> <span id="guide-look"></span></p>
            <button id="guide-reveal">Reveal the answer</button><button id="guide-previous">Previous</button><button id="guide-next">Next</button>
            <div class="answer" id="guide-answer"></div></div>
          <div id="error"></div>
          <div id="verdict"></div>
          <p>Equivalent command: <span id="command"></span></p>
          <div id="summary"></div>
          <div class="view"><div id="chart-edl"></div><div class="links" data-view="edl"></div></div>
          <div class="view"><div id="chart-mdl"></div><div class="links" data-view="mdl"></div></div>
          <div class="view"><div id="chart-regret"></div><div class="links" data-view="regret"></div></div>
          <div class="view"><div id="chart-area"></div><div class="links" data-view="area"></div></div>
          <p><a href="#" id="csv">Download the numbers (CSV)</a></p>
        </section>
        </main>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        let catalog = [], exercises = [], exercise = 0, pins = [], timer = null, generation = 0;
        function scenarioSpec(name) { return catalog.find((s) => s.name === name); }
        function learnerSpec() {
          const spec = scenarioSpec($("scenario").value);
          return spec.learners.find((l) => l.name === $("learner").value) || spec.learners[0];
        }
        function control(p, value) {
          const wrap = document.createElement("label");
          wrap.textContent = p.name;
          let input;
          if (p.kind === "choice") {
            input = document.createElement("select");
            for (const c of p.choices) { const o = document.createElement("option"); o.value = o.textContent = c; input.appendChild(o); }
          } else {
            input = document.createElement("input");
            if (p.kind === "integer" && p.automatic == null) {
              input.type = "number"; input.step = "1";
              if (p.minimum != null) input.min = p.minimum; if (p.maximum != null) input.max = p.maximum;
            }
          }
          input.id = "param-" + p.name; input.dataset.name = p.name; input.dataset.default = p.defaultValue;
          input.value = value != null ? value : p.defaultValue;
          input.addEventListener("input", schedule); input.addEventListener("change", schedule);
          const help = document.createElement("small"); help.textContent = p.help + " (" + p.accepted + "; default " + p.defaultValue + ")";
          wrap.appendChild(input); wrap.appendChild(help);
          return wrap;
        }
        function buildParameters(values) {
          const box = $("parameters"); box.innerHTML = "";
          const spec = scenarioSpec($("scenario").value);
          for (const p of spec.parameters.concat(learnerSpec().parameters)) box.appendChild(control(p, values ? values[p.name] : null));
          $("scenario-summary").textContent = spec.summary;
          $("learner-summary").textContent = learnerSpec().summary + " · P = " + learnerSpec().counts;
        }
        function fillLearners(selected) {
          const spec = scenarioSpec($("scenario").value), box = $("learner");
          box.innerHTML = "";
          for (const l of spec.learners) { const o = document.createElement("option"); o.value = o.textContent = l.name; box.appendChild(o); }
          box.value = selected || spec.defaultLearner;
        }
        function configuration() {
          const parameters = {};
          for (const input of $("parameters").querySelectorAll("[data-name]")) {
            if (input.value !== input.dataset.default) parameters[input.dataset.name] = input.value;
          }
          return { scenario: $("scenario").value, learner: $("learner").value, parameters: parameters,
                   n: $("grid").value, replicates: Number($("replicates").value), seed: Number($("seed").value) };
        }
        function load(config) {
          $("scenario").value = config.scenario; fillLearners(config.learner);
          buildParameters(config.parameters || {});
          if (config.n) $("grid").value = config.n;
          if (config.replicates) $("replicates").value = config.replicates;
          if (config.seed != null) $("seed").value = config.seed;
          schedule();
        }
        function quote(word) { return /^[A-Za-z0-9_.,:=\\/+-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\\\''") + "'"; }
        function commandLine(c) {
          const words = ["edl", "run", c.scenario, "--learner", c.learner];
          for (const k of Object.keys(c.parameters).sort()) words.push("--set", quote(k + "=" + c.parameters[k]));
          words.push("--n", quote(c.n), "--replicates", String(c.replicates), "--seed", String(c.seed));
          return words.join(" ");
        }
        function schedule() { clearTimeout(timer); timer = setTimeout(update, 120); }
        async function post(path, body) {
          const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
          const text = await response.text();
          if (!response.ok) { let m = text; try { m = JSON.parse(text).error; } catch (e) {} throw new Error(m); }
          return text;
        }
        function fmt(x) { return x == null ? "–" : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(4); }
        function verdictLine(s, u) {
          let line = "signature: " + s.kind + " over n = " + s.window_first_n + "…" + s.window_last_n +
            " · EDL/n peaks at n = " + s.peak_n + " (" + s.peak_n_low + "…" + s.peak_n_high + ") · " +
            Number(s["peak_edl_per_sample_" + u]).toPrecision(5) + " " + u + "/example";
          if (s.rising_from_n != null) line += " · rising " + s.rising_from_n + "…" + s.rising_to_n;
          for (const w of s.warning_texts || []) line += "\\nwarning: " + w;
          return line;
        }
        function showSummary(doc) {
          const rows = doc.rows || [];
          if (!rows.length) { $("summary").innerHTML = ""; return; }
          const u = doc.manifest.units;
          let html = "<table><tr><th>n</th><th>MDL (" + u + ")</th><th>L_test</th><th>EDL ± SE</th><th>EDL/n</th><th>theory EDL</th></tr>";
          for (const r of rows) {
            const get = (k) => r[k + "_" + u];
            html += "<tr><td>" + r.n + "</td><td>" + fmt(get("mdl")) + "</td><td>" + fmt(get("test_loss")) + "</td><td>" + fmt(get("edl")) +
              " ± " + fmt(r["edl_" + u + "_se"]) + "</td><td>" + fmt(get("edl_per_sample")) + "</td><td>" + fmt(r["theory_edl_" + u]) + "</td></tr>";
          }
          $("summary").innerHTML = html + "</table>";
        }
        // A change is answered twice: first a preview (the first replicates
        // that fit in the server's preview budget, drawn at once), then the
        // full configuration, which replaces it.
        async function update() {
          const mine = ++generation, config = configuration();
          location.hash = encodeURIComponent(JSON.stringify(config));
          $("command").textContent = commandLine(config);
          $("status").textContent = "computing…"; $("error").textContent = "";
          try {
            const first = JSON.parse(await post("/api/run", Object.assign({ preview: true }, config)));
            if (mine !== generation) return;
            const complete = first.manifest.replicates >= config.replicates;
            await show(first, config, mine, complete);
            if (mine !== generation) return;
            if (!complete) {
              $("status").textContent = "preview: " + first.manifest.replicates + " of " + config.replicates + " replicates (wider band); computing the rest…";
              const doc = JSON.parse(await post("/api/run", config));
              if (mine !== generation) return;
              await show(doc, config, mine, true);
              if (mine !== generation) return;
            }
            $("status").textContent = "ready";
          } catch (e) {
            if (mine !== generation) return;
            $("error").textContent = e.message; $("status").textContent = "error"; $("verdict").textContent = "";
          }
        }
        async function show(doc, config, mine, complete) {
          const s = doc.manifest.signature;
          const shown = complete ? "" : "preview (" + doc.manifest.replicates + " of " + config.replicates + " replicates): ";
          $("verdict").textContent = shown + (s ? verdictLine(s, doc.manifest.units) : "(no verdict)");
          $("verdict").dataset.kind = s ? s.kind : "";
          $("verdict").dataset.peak = s ? s.peak_n : "";
          $("verdict").dataset.replicates = doc.manifest.replicates;
          showSummary(doc);
          const asked = (c) => complete ? c : Object.assign({ preview: true }, c);
          const runs = [asked(config)].concat(pins.map((p) => asked(p.config))), names = [config.learner].concat(pins.map((p) => p.name));
          await Promise.all(["edl", "mdl", "regret", "area"].filter((view) => complete || view !== "area").map(async (view) => {
            const box = $("chart-" + view);
            try {
              const svg = await post("/api/chart", { view: view, runs: view === "area" ? [config] : runs, names: names });
              if (mine === generation) box.innerHTML = svg;
            } catch (e) { if (mine === generation) box.innerHTML = "<p><i>" + view + ": " + e.message + "</i></p>"; }
          }));
        }
        function download(name, type, data) {
          const a = document.createElement("a"); a.href = URL.createObjectURL(new Blob([data], { type: type })); a.download = name; a.click();
        }
        function pngOf(svgText, name) {
          const image = new Image(), url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
          image.onload = () => {
            const canvas = document.createElement("canvas"); canvas.width = image.width * 2; canvas.height = image.height * 2;
            const g = canvas.getContext("2d"); g.scale(2, 2); g.drawImage(image, 0, 0);
            canvas.toBlob((blob) => download(name, "image/png", blob));
          };
          image.src = url;
        }
        for (const links of document.querySelectorAll(".links")) {
          const view = links.dataset.view;
          for (const kind of ["SVG", "PNG"]) {
            const a = document.createElement("a"); a.href = "#"; a.textContent = view + " " + kind;
            a.onclick = (e) => { e.preventDefault(); const svg = $("chart-" + view).innerHTML;
              if (kind === "SVG") download(view + ".svg", "image/svg+xml", svg); else pngOf(svg, view + ".png"); };
            links.appendChild(a);
          }
        }
        $("csv").onclick = async (e) => { e.preventDefault(); download("edl.csv", "text/csv", await post("/api/run", Object.assign({ format: "csv" }, configuration()))); };
        $("pin").onclick = () => {
          const config = configuration();
          pins.push({ config: config, name: "pinned: " + config.scenario + " " + config.learner + " " +
            Object.entries(config.parameters).map((e) => e[0] + "=" + e[1]).join(" ") });
          $("pins").textContent = pins.map((p) => p.name).join(" | "); schedule();
        };
        $("unpin").onclick = () => { pins = []; $("pins").textContent = ""; schedule(); };
        $("scenario").onchange = () => { fillLearners(); buildParameters(); schedule(); };
        $("learner").onchange = () => { buildParameters(); schedule(); };
        for (const id of ["grid", "replicates", "seed"]) $(id).addEventListener("input", schedule);
        function showExercise() {
          const x = exercises[exercise];
          $("guide-title").textContent = (exercise + 1) + "/" + exercises.length + " · " + x.title;
          $("guide-predict").textContent = x.predict; $("guide-look").textContent = x.look;
          $("guide-answer").textContent = x.answer; $("guide-answer").style.display = "none";
          const box = $("guide-runs"); box.innerHTML = "<b>Run.</b> ";
          x.runs.forEach((run, i) => {
            const b = document.createElement("button"); b.textContent = run.label;
            b.onclick = () => load({ scenario: run.scenario, learner: run.learner || scenarioSpec(run.scenario).defaultLearner,
              parameters: run.parameters, n: run.n, replicates: run.replicates, seed: 1 });
            box.appendChild(b);
          });
        }
        $("guided-toggle").onclick = () => {
          const on = $("guide").style.display !== "block"; $("guide").style.display = on ? "block" : "none";
          if (on) showExercise();
        };
        $("guide-reveal").onclick = () => { $("guide-answer").style.display = "block"; };
        $("guide-next").onclick = () => { exercise = (exercise + 1) % exercises.length; showExercise(); };
        $("guide-previous").onclick = () => { exercise = (exercise + exercises.length - 1) % exercises.length; showExercise(); };
        (async () => {
          catalog = JSON.parse(await (await fetch("/api/scenarios")).text()).scenarios;
          exercises = JSON.parse(await (await fetch("/api/exercises")).text());
          for (const s of catalog) { const o = document.createElement("option"); o.value = o.textContent = s.name; $("scenario").appendChild(o); }
          let config = null;
          if (location.hash.length > 1) { try { config = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch (e) {} }
          if (config && scenarioSpec(config.scenario)) load(config);
          else { $("scenario").value = "coupon-collector"; fillLearners(); buildParameters(); schedule(); }
        })();
        </script></body></html>
        """
}

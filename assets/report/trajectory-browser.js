// The trajectory browser of a toolgym report (`toolgym report`), inlined into the page: filters
// by evaluation, scenario, outcome and reward; episodes that expand into their messages, calls,
// gold plan and reward parts. Text from the runs only ever reaches the page through
// textContent, never as markup; numbers arrive formatted (format-number.ts).

(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs ?? {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "className") node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const OUTCOME_LABEL = {
    correct: "answer correct",
    wrong: "answer wrong",
    policy_error: "policy error",
    unscored: "not scored",
  };

  /** JSON on one line with a space after separators: arguments read like a call. */
  function compactJson(value) {
    return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
  }

  function parseArguments(text) {
    try {
      return { text: compactJson(JSON.parse(text)), valid: true };
    } catch {
      return { text, valid: false };
    }
  }

  function subtaskLabel(episode, index) {
    if (index === null || index === undefined) return "–";
    const subtask = episode.gold?.subtasks[index];
    return subtask ? `#${index}: ${subtask.question}` : `#${index}`;
  }

  function renderMessage(message) {
    const parts = [];
    if (message.content !== null && message.content !== undefined && message.content !== "") {
      parts.push(el("pre", { className: "content" }, message.content));
    } else if (!message.tool_calls?.length) {
      parts.push(el("div", { className: "muted" }, "(empty)"));
    }
    for (const call of message.tool_calls ?? []) {
      const args = parseArguments(call.function.arguments);
      parts.push(
        el(
          "div",
          { className: "tool-call" },
          el("span", { className: "call-name" }, `→ ${call.function.name}`),
          el("span", { className: "muted" }, ` ${call.id}`),
          args.valid ? null : el("span", { className: "bad" }, " arguments are not valid JSON"),
          el("pre", { className: "args" }, args.text),
        ),
      );
    }
    const role = message.role === "tool" ? `tool ${message.tool_call_id}` : message.role;
    return el(
      "div",
      { className: `message ${message.role}` },
      el("div", { className: "role" }, role),
      el("div", { className: "message-body" }, parts),
    );
  }

  function renderCalls(episode) {
    if (episode.calls.length === 0) return el("p", { className: "muted" }, "No tool calls.");
    return el(
      "table",
      { className: "calls" },
      el(
        "thead",
        null,
        el(
          "tr",
          null,
          ["turn", "tool", "arguments", "result", "solved subtask"].map((h) => el("th", null, h)),
        ),
      ),
      el(
        "tbody",
        null,
        episode.calls.map((call) =>
          el(
            "tr",
            { className: call.error === undefined ? "" : "error-call" },
            el("td", null, call.turn),
            el("td", null, el("code", null, call.name)),
            el(
              "td",
              null,
              el(
                "pre",
                null,
                call.arguments === null ? "(not valid JSON)" : compactJson(call.arguments),
              ),
            ),
            el(
              "td",
              null,
              call.error === undefined
                ? el("pre", null, call.output ?? "")
                : el("pre", { className: "bad" }, `error: ${call.error}`),
            ),
            el(
              "td",
              { className: call.solved === null ? "muted" : "solved" },
              subtaskLabel(episode, call.solved),
            ),
          ),
        ),
      ),
    );
  }

  /** A small table of [name, formatted value] pairs. */
  function renderNumbers(title, entries) {
    if (entries.length === 0) return null;
    return el(
      "table",
      { className: "numbers small" },
      el("caption", null, title),
      el(
        "tbody",
        null,
        entries.map(([key, value]) =>
          el("tr", null, el("td", null, el("code", null, key)), el("td", null, value)),
        ),
      ),
    );
  }

  function renderGold(episode) {
    if (!episode.gold) return null;
    return el(
      "div",
      { className: "gold" },
      el("div", { className: "role" }, "gold plan"),
      el(
        "ol",
        { start: 0 },
        episode.gold.subtasks.map((s) =>
          el("li", null, s.question, " ", el("code", null, s.tool), " → ", el("b", null, s.answer)),
        ),
      ),
      el("div", null, "answer: ", el("b", null, episode.gold.answer)),
    );
  }

  function renderBody(episode) {
    return el(
      "div",
      { className: "episode-body" },
      episode.error ? el("p", { className: "bad" }, `policy error: ${episode.error}`) : null,
      renderGold(episode),
      el("h4", null, "Messages"),
      episode.messages.map(renderMessage),
      el("h4", null, "Tool calls"),
      renderCalls(episode),
      el(
        "div",
        { className: "side-by-side" },
        episode.text.reward === undefined
          ? null
          : renderNumbers(`reward ${episode.text.reward}: parts`, episode.text.rewardParts),
        renderNumbers("episode metrics", episode.text.metrics),
      ),
    );
  }

  function renderEpisode(episode, index) {
    const details = el("details", { className: `episode ${episode.outcome}`, "data-index": index });
    const n = episode.callCount;
    const e = episode.errorCount;
    const calls = `${n} call${n === 1 ? "" : "s"}${e > 0 ? `, ${e} error${e === 1 ? "" : "s"}` : ""}`;
    details.append(
      el(
        "summary",
        null,
        el("span", { className: `badge eval-${episode.eval % 8}` }, data.evals[episode.eval].label),
        el("span", { className: "episode-id" }, episode.id),
        el("span", { className: "group" }, episode.group),
        el("span", { className: `outcome ${episode.outcome}` }, OUTCOME_LABEL[episode.outcome]),
        el("span", { className: "reward" }, `reward ${episode.text.reward ?? "–"}`),
        episode.text.solveF1 === undefined ? null : el("span", null, `F1 ${episode.text.solveF1}`),
        el("span", null, calls),
        episode.stop ? el("span", { className: "muted" }, `stop: ${episode.stop}`) : null,
      ),
    );
    // Bodies are built when first opened: a page of hundreds of episodes stays quick.
    details.addEventListener("toggle", () => {
      if (details.open && !details.dataset.rendered) {
        details.append(renderBody(episode));
        details.dataset.rendered = "true";
      }
    });
    return details;
  }

  function setupBrowser() {
    const list = document.getElementById("episodes");
    if (!list) return;
    const episodes = data.episodes;
    const select = (id, options) => {
      const node = document.getElementById(id);
      node.append(el("option", { value: "" }, "any"));
      for (const [value, label] of options) node.append(el("option", { value }, label));
      return node;
    };
    const evalSelect = select(
      "f-eval",
      data.evals.map((e, i) => [String(i), e.label]),
    );
    const groups = [...new Set(episodes.map((e) => e.group))].sort();
    const groupSelect = select(
      "f-group",
      groups.map((g) => [g, g]),
    );
    const outcomeSelect = document.getElementById("f-outcome");
    const rewardMin = document.getElementById("f-reward-min");
    const rewardMax = document.getElementById("f-reward-max");
    const count = document.getElementById("episode-count");
    const nodes = episodes.map((episode, i) => renderEpisode(episode, i));
    list.append(...nodes);

    const matches = (episode) => {
      if (evalSelect.value !== "" && episode.eval !== Number(evalSelect.value)) return false;
      if (groupSelect.value !== "" && episode.group !== groupSelect.value) return false;
      const outcome = outcomeSelect.value;
      if (outcome === "max_turns" && episode.stop !== "max_turns") return false;
      if (outcome !== "" && outcome !== "max_turns" && episode.outcome !== outcome) return false;
      const low = rewardMin.value === "" ? undefined : Number(rewardMin.value);
      const high = rewardMax.value === "" ? undefined : Number(rewardMax.value);
      if (low !== undefined && !(episode.reward >= low)) return false;
      if (high !== undefined && !(episode.reward <= high)) return false;
      return true;
    };
    const apply = () => {
      let shown = 0;
      episodes.forEach((episode, i) => {
        const visible = matches(episode);
        nodes[i].hidden = !visible;
        if (visible) shown++;
      });
      count.textContent = `Showing ${shown} of ${episodes.length} embedded episodes.`;
      count.dataset.shown = String(shown);
    };
    for (const node of [evalSelect, groupSelect, outcomeSelect, rewardMin, rewardMax]) {
      node.addEventListener("input", apply);
      node.addEventListener("change", apply);
    }
    document.getElementById("expand-all").addEventListener("click", () => {
      for (const node of nodes) if (!node.hidden) node.open = true;
    });
    document.getElementById("collapse-all").addEventListener("click", () => {
      for (const node of nodes) node.open = false;
    });
    apply();
  }

  setupBrowser();
})();

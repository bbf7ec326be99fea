/* The web app's client, as the browser runs it: the server sends shells ("Loading..."),
   this script renders the retail sign-in form, guards the dashboards, signs in against the
   retail API with credentials and shows the KPIs. The API bases were inlined at build time.
   Like Next.js's router it prefetches the links a page shows as RSC requests to its own origin,
   moves to the dashboard after sign-in with an RSC navigation, and loads images through the
   image endpoint: requests of the framework, beside the app's API calls. */
(function () {
  "use strict";
  var RETAIL_API_URL = "%RETAIL_API_URL%";
  var SHOPIFY_API_URL = "%SHOPIFY_API_URL%";
  var BROKEN = %BROKEN%;
  var SIGN_IN_LINKS = %SIGN_IN_LINKS%;
  var DASHBOARD_LINKS = %DASHBOARD_LINKS%;
  var LOGO = '<img alt="Astronote" width="24" height="24" src="/_next/image?url=%2Flogo%2Fastronote-logo.png&amp;w=48&amp;q=75">';

  if (BROKEN["script-error-on-load"]) {
    // A release that reads a runtime config object the server no longer injects.
    RETAIL_API_URL = window.__NEXT_DATA__.runtimeConfig.retailApiUrl;
  }
  if (BROKEN["api-base-wrong-at-run-time"]) {
    // A runtime override that is empty in this deployment: calls go to the web origin.
    RETAIL_API_URL = (window.__ENV || {}).RETAIL_API_URL || "";
  }

  var root;

  var KPI_CARDS = [
    ["totalCampaigns", "Total campaigns"], ["totalMessages", "Total messages"], ["sent", "Messages sent"],
    ["failed", "Messages failed"], ["conversion", "Conversions"], ["conversionRate", "Conversion rate"]
  ];

  function retail(path, options) {
    options = options || {};
    var headers = {"Content-Type": "application/json"};
    var token = localStorage.getItem("accessToken");
    if (token && !options.anonymous) headers.Authorization = "Bearer " + token;
    return fetch(RETAIL_API_URL + path, {
      method: options.method || "GET", headers: headers, credentials: "include",
      body: options.body ? JSON.stringify(options.body) : undefined
    });
  }

  // A call as the signed-in user: on 401 the refresh cookie is tried once, then the call again.
  function signedIn(path) {
    return retail(path).then(function (answer) {
      if (answer.status !== 401) return answer;
      return retail("/api/auth/refresh", {method: "POST", body: {}, anonymous: true}).then(function (refresh) {
        if (!refresh.ok) {
          localStorage.removeItem("accessToken");
          return retail(path);
        }
        return refresh.json().then(function (body) {
          localStorage.setItem("accessToken", body.accessToken);
          return retail(path);
        });
      });
    });
  }

  // The router's request for a page's payload: `_rsc` keeps caches apart, its value changes with the page.
  function rsc(path, prefetch) {
    var headers = {"RSC": "1", "Next-Url": location.pathname};
    if (prefetch) headers["Next-Router-Prefetch"] = "1";
    var hash = 0;
    for (var i = 0; i < path.length; i++) hash = (hash * 31 + path.charCodeAt(i)) >>> 0;
    return fetch(path + "?_rsc=" + hash.toString(36).slice(0, 5), {headers: headers});
  }

  function prefetch(paths) {
    paths.forEach(function (path) {
      rsc(path, true).catch(function () {});  // a prefetch that fails only costs the later navigation
    });
  }

  // A client-side navigation: the page's payload, then the new URL without reloading; a hard
  // navigation when the payload does not come, as Next.js falls back.
  function navigate(path) {
    rsc(path, false).then(function (answer) {
      if (!answer.ok) throw new Error("RSC " + answer.status);
      history.pushState(null, "", path);
      PAGES[path]();
    }).catch(function () {
      location.assign(path);
    });
  }

  function links(paths, names) {
    return '<nav class="mt-4 text-sm">' + paths.map(function (path, index) {
      return '<a class="mr-3" href="' + path + '">' + names[index] + "</a>";
    }).join("") + "</nav>";
  }

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }

  function retailLogin() {
    if (BROKEN["login-form-missing"]) return;  // waits for a feature flag that never answers
    root.innerHTML =
      '<main class="mx-auto max-w-sm py-24"><h1 class="text-2xl font-semibold">Sign in to Astronote Retail</h1>' +
      '<form id="login"><label class="field" for="email">Email<input id="email" type="email" name="email" autocomplete="email" required></label>' +
      '<label class="field" for="password">Password<input id="password" type="password" name="password" autocomplete="current-password" required></label>' +
      '<p class="error" role="alert"></p><button class="btn" type="submit">Log In</button></form>' +
      links(SIGN_IN_LINKS, ["Back to home", "Create an account"]) + "</main>";
    root.querySelector("h1").insertAdjacentHTML("afterbegin", LOGO + " ");
    prefetch(SIGN_IN_LINKS);
    var form = document.getElementById("login");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {email: form.email.value, password: form.password.value};
      retail("/api/auth/login", {method: "POST", body: body, anonymous: true}).then(function (answer) {
        return answer.json().then(function (reply) {
          if (!answer.ok) throw new Error(reply.message || "Sign-in failed");
          localStorage.setItem("accessToken", reply.accessToken);
          navigate("/app/retail/dashboard");
        });
      }).catch(function (error) {
        form.querySelector(".error").textContent = error.message;
      });
    });
  }

  function retailDashboard() {
    // Whatever keeps the balance from answering (401s, an unreachable API) sends the visitor to sign in.
    signedIn("/api/billing/balance").catch(function () {
      return {ok: false};
    }).then(function (balance) {
      if (!balance.ok && !BROKEN["retail-guard-open"]) {
        location.assign("/auth/retail/login");
        return;
      }
      // The layout and the page each ask who is signed in, as the real dashboard does.
      return signedIn("/api/me").then(function () {
        return Promise.all([signedIn("/api/me"), signedIn("/api/dashboard/kpis")]);
      }).then(function (answers) {
        var answer = answers[1];
        return answer.ok ? answer.json() : {};
      }).then(showKpis);
    });
  }

  function showKpis(kpis) {
    // A release reading the KPIs from a shape the API does not answer shows no figures.
    var figures = BROKEN["dashboard-without-figures"] ? (kpis.data || {}) : kpis;
    var main = document.createElement("main");
    main.className = "p-6";
    main.appendChild(text("h1", "text-2xl font-semibold", "Dashboard"));
    main.querySelector("h1").insertAdjacentHTML("afterbegin", LOGO + " ");
    main.insertAdjacentHTML("beforeend", links(DASHBOARD_LINKS, DASHBOARD_LINKS.map(function (path) {
      return path.split("/").slice(3).join(" ");
    })));
    var grid = document.createElement("div");
    grid.className = "grid";
    KPI_CARDS.forEach(function (card) {
      var box = document.createElement("div");
      box.className = "card";
      box.appendChild(text("p", "uppercase", card[1]));
      var value = figures[card[0]];
      box.appendChild(text("p", "text-2xl font-bold", typeof value === "number" ? String(value) : "\u2014"));
      grid.appendChild(box);
    });
    main.appendChild(grid);
    var signOut = text("button", "btn", "Sign Out");
    signOut.type = "button";
    signOut.addEventListener("click", confirmSignOut);
    main.appendChild(signOut);
    root.replaceChildren(main);
    prefetch(DASHBOARD_LINKS);
  }

  function confirmSignOut() {
    var dialog = text("div", "card", "Sign out of Astronote? ");
    dialog.setAttribute("role", "dialog");
    var confirm = text("button", "btn", "Confirm");
    confirm.type = "button";
    confirm.addEventListener("click", function () {
      retail("/api/auth/logout", {method: "POST", body: {}, anonymous: true}).finally(function () {
        localStorage.removeItem("accessToken");
        location.assign("/auth/retail/login");
      });
    });
    dialog.appendChild(confirm);
    root.appendChild(dialog);
  }

  function shopifyDashboard() {
    if (localStorage.getItem("shopifySessionToken") || BROKEN["shopify-guard-open"]) {
      var main = text("main", "p-6", "");
      main.appendChild(text("h1", "text-2xl font-semibold", "Dashboard"));
      root.replaceChildren(main);
      return;
    }
    location.replace("/app/shopify/auth/login");
  }

  function shopifyLogin() {
    root.innerHTML =
      '<main class="mx-auto max-w-sm py-24"><h1 class="text-2xl font-semibold">Shopify Login</h1>' +
      '<form><label class="field" for="shop">Store domain<input id="shop" type="text" name="shop" placeholder="your-store.myshopify.com"></label>' +
      '<button class="btn" type="submit">Log in with Shopify</button></form></main>';
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      location.assign(SHOPIFY_API_URL + "/auth/shopify?shop=" + encodeURIComponent(event.target.shop.value));
    });
  }

  var PAGES = {
    "/auth/retail/login": retailLogin,
    "/app/retail/dashboard": retailDashboard,
    "/app/shopify/dashboard": shopifyDashboard,
    "/app/shopify/auth/login": shopifyLogin
  };
  function start() {
    root = document.getElementById("app");
    if (root && PAGES[location.pathname]) PAGES[location.pathname]();
    if (!root) {  // a server-rendered page: the router prefetches the links it shows
      prefetch(Array.prototype.map.call(document.querySelectorAll('a[href^="/"]'), function (link) {
        return link.getAttribute("href");
      }));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Registers the service worker (sw.js) that keeps the guide readable offline, after the page's own first load:
   3 s after the page has hydrated (time for its first state to arrive over the websocket), when the phone is idle.
   Its first install fetches and keeps the home page, the four chapters and their scripts (about forty files):
   started with the page's first load, that work took the phone's CPU and network from it, and the page's tasks
   (the time a tap waits) were about twice as long. React marks <html data-hydrated> when the page answers
   (guide_app/core/first_paint.py); a page that never hydrates still registers, 10 s after it loaded. */
if ("serviceWorker" in navigator) {
  const root = document.documentElement;
  const register = () => navigator.serviceWorker.register("/sw.js").catch(() => {});
  const whenIdle = () =>
    window.requestIdleCallback ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    hydrated.disconnect();
    setTimeout(whenIdle, 3000);
  };
  const hydrated = new MutationObserver(() => "hydrated" in root.dataset && start());
  if ("hydrated" in root.dataset) start();
  else {
    hydrated.observe(root, { attributes: true, attributeFilter: ["data-hydrated"] });
    window.addEventListener("load", () => setTimeout(start, 7000)); // + 3 s: 10 s after load
  }
}

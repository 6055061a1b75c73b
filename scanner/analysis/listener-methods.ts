/** The methods that add an event listener, Node's emitters' and the DOM's (`res.on("end", fn)`, `ws.addEventListener("message", fn)`). */
export const LISTENER_METHODS: ReadonlySet<string> = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);

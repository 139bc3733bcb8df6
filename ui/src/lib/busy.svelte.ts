// How many commands are running: the window shows that it is working when one takes more than a
// moment (the commands themselves run off the window's thread, so it keeps repainting).
export const busy = $state({ running: 0 });

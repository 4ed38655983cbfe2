/** The case's GET, shared by `fetchCase` and the first-load preload (which must not pull in the page's code). */
export const casePath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

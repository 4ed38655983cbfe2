/** Injected wherever time matters, so tests can move it. One definition, shared with the Didit client. */
export { type Clock, fixedClock, systemClock } from '@console/didit/clock';

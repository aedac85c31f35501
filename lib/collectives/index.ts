/** Named-axis collectives: psum, pmean, pmax, pmin, allGather, axisIndex, axisSize, ppermute, allToAll, psumScatter. */
export * from './api';

import { defineIstiodSuite } from './istiod-suite.js';

defineIstiodSuite('1.27.9');

import { defineIstiodSuite } from './istiod-suite.js';

defineIstiodSuite('1.31.0');

import { defineIstiodSuite } from './istiod-suite.js';

defineIstiodSuite('1.28.10');

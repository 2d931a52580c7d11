import { defineParitySuite } from './parity-suite.js';

defineParitySuite('1.30.3');

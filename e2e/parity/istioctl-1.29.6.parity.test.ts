import { defineParitySuite } from './parity-suite.js';

defineParitySuite('1.29.6');

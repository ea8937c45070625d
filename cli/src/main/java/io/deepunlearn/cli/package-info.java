package io.deepunlearn.cli;

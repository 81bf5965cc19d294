/** The HTML report: charts drawn with XChart, embedded in one self-contained page, and the tables behind them. */
package dev.ipcmark.report;

package dev.ipcmark.bench;

import dev.ipcmark.scenario.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the pattern a benchmark class measures: how {@link PatternBenchmarks} finds the class for a case, and how a
 * benchmark refuses a case key of another pattern. Inherited, so that JMH's generated subclasses carry it too.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Measures {
    /** The pattern. */
    Pattern value();
}

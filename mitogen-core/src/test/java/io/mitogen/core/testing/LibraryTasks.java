package io.mitogen.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.commons.lang3.ArrayUtils;
import org.apache.commons.lang3.BooleanUtils;
import org.apache.commons.lang3.CharSetUtils;
import org.apache.commons.lang3.ClassUtils;
import org.apache.commons.lang3.EnumUtils;
import org.apache.commons.lang3.LocaleUtils;
import org.apache.commons.lang3.ObjectUtils;
import org.apache.commons.lang3.Range;
import org.apache.commons.lang3.RegExUtils;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.Validate;
import org.apache.commons.lang3.builder.CompareToBuilder;
import org.apache.commons.lang3.builder.EqualsBuilder;
import org.apache.commons.lang3.builder.HashCodeBuilder;
import org.apache.commons.lang3.builder.ReflectionToStringBuilder;
import org.apache.commons.lang3.builder.ToStringBuilder;
import org.apache.commons.lang3.builder.ToStringStyle;
import org.apache.commons.lang3.exception.ContextedRuntimeException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.commons.lang3.math.Fraction;
import org.apache.commons.lang3.math.NumberUtils;
import org.apache.commons.lang3.mutable.MutableInt;
import org.apache.commons.lang3.reflect.FieldUtils;
import org.apache.commons.lang3.reflect.MethodUtils;
import org.apache.commons.lang3.time.DurationFormatUtils;
import org.apache.commons.lang3.time.FastDateFormat;
import org.apache.commons.lang3.time.StopWatch;
import org.apache.commons.lang3.tuple.Pair;
import org.apache.commons.lang3.tuple.Triple;

/**
 * Tasks that use a third-party library (commons-lang3, a test dependency) that only the parent
 * has, touching many of its classes the way application code would. Deterministic, so a child's
 * answer can be compared with the same method run in the parent.
 */
public final class LibraryTasks {

    /** A field for reflection and builders to look at. */
    public static final String GREETING = "hello";

    private LibraryTasks() {
    }

    public enum Shade { LIGHT, DARK }

    /** Text work across strings, builders, tuples, math, time, reflection and exceptions. */
    public static List<String> useLibrary(String text) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(StringUtils.capitalize(StringUtils.reverse(text)));
        out.add(StringUtils.abbreviate(StringUtils.repeat(text, 5), 12));
        out.add(StringUtils.join(StringUtils.split("a,b,,c", ','), '|'));
        out.add(StringUtils.leftPad(text, 10, '.') + StringUtils.difference("abcde", "abxyz"));
        out.add(RegExUtils.replaceAll(text, "[aeiou]", "_") + CharSetUtils.count(text, "a-m"));
        out.add(ClassUtils.getShortClassName(LibraryTasks.Shade.class) + ClassUtils.getAllInterfaces(ArrayList.class).size());
        out.add(Arrays.toString(ArrayUtils.addAll(ArrayUtils.toObject(new int[] { 3, 1 }), 2)));
        out.add(BooleanUtils.toStringYesNo(ObjectUtils.allNotNull(text, out)) + EnumUtils.getEnum(Shade.class, "DARK"));
        out.add(new ToStringBuilder(text, ToStringStyle.SHORT_PREFIX_STYLE).append("length", text.length()).toString());
        out.add(ReflectionToStringBuilder.toString(Pair.of(text, 1), ToStringStyle.NO_CLASS_NAME_STYLE));
        out.add(String.valueOf(new EqualsBuilder().append(text, text).isEquals()
                && new HashCodeBuilder(17, 37).append(text).toHashCode() != 0
                && new CompareToBuilder().append(1, 2).toComparison() < 0));
        out.add(Triple.of(1, text, Shade.LIGHT).toString() + Range.of(1, 10).contains(5));
        out.add(Fraction.getFraction(3, 12).reduce().toString() + " " + NumberUtils.createNumber("0x1F"));
        MutableInt counter = new MutableInt();
        text.chars().forEach((c) -> counter.increment());
        out.add(counter.toString());
        out.add(DurationFormatUtils.formatDurationHMS(TimeUnit.MINUTES.toMillis(61)));
        out.add(FastDateFormat.getInstance("yyyy-MM-dd", LocaleUtils.toLocale("en_GB")).format(0L));
        StopWatch watch = StopWatch.createStarted();
        watch.stop();
        out.add(String.valueOf(watch.isStopped()));
        out.add(String.valueOf(FieldUtils.readStaticField(LibraryTasks.class, "GREETING")));
        out.add(String.valueOf(MethodUtils.invokeStaticMethod(StringUtils.class, "upperCase", text)));
        out.add(ExceptionUtils.getRootCauseMessage(new ContextedRuntimeException("outer",
                new IllegalStateException("root")).addContextValue("key", 1)));
        Validate.notBlank(text, "text");
        out.add(text.toUpperCase(Locale.ROOT));
        return out;
    }

    /** Loads a class by name through the calling thread's context loader (the child's remote loader). */
    public static String loadByName(String name) throws ClassNotFoundException {
        return Class.forName(name, true, Thread.currentThread().getContextClassLoader()).getName();
    }
}

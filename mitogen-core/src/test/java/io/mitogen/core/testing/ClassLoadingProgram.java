package io.mitogen.core.testing;

import java.util.List;
import java.util.Map;

import io.mitogen.core.Broker;
import io.mitogen.core.ClassLoadingStats;
import io.mitogen.core.Context;
import io.mitogen.core.Router;

/**
 * A real parent program, run from a Maven class path or as a Spring Boot executable jar: starts
 * a child, runs a task that uses commons-lang3 there, and prints what the child saw.
 */
public final class ClassLoadingProgram {

    private ClassLoadingProgram() {
    }

    public static void main(String[] args) throws Exception {
        try (Broker broker = new Broker()) {
            Router router = new Router(broker);
            Context child = router.local();
            List<String> result = child.call(LibraryTasks::useLibrary, "mitogen");
            System.out.println("SAME " + result.equals(LibraryTasks.useLibrary("mitogen")));
            Map<String, String> origin = child.call(ResourceTasks::origin, "org.apache.commons.lang3.StringUtils");
            System.out.println("PARENT_LOCATION " + org.apache.commons.lang3.StringUtils.class.getProtectionDomain()
                    .getCodeSource().getLocation());
            System.out.println("LOCATION " + origin.get("location"));
            System.out.println("VERSION " + origin.get("implementationVersion"));
            System.out.println("GREETINGS " + child.call(ResourceTasks::greetings, "child"));
            System.out.println("HELLO " + child.call(ResourceTasks::text, "data/hello.txt"));
            System.out.println("CONFIG " + child.call(ResourceTasks::text, "application.yml"));
            System.out.println("JAVA " + child.javaVersion());
            ClassLoadingStats stats = router.classLoadingStats(child);
            System.out.println("STATS " + stats.toMap());
        }
    }
}

package io.mitogen.core.internal.master;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers to the first class request of a fresh requester, kept for the next fresh requester
 * that asks for the same class with the same budget. A fleet's children all start with the same
 * task class, and choosing and compressing its neighbours (about 200 classes for a task that
 * uses commons-lang3) costs the server tens of milliseconds per child, before that child's first
 * call can run. What a fresh requester is sent by a master depends only on the class, the
 * budget and the master's class files, so the answer is the same bytes each time (a relaying
 * child's would not be: what it has grows, so it keeps none). Bounded: the last
 * {@value #MAX_ENTRIES} classes asked for first, each at most one answer of the budget's size.
 */
public final class FirstAnswers {

    public static final int MAX_ENTRIES = 16;

    /** One kept answer, and what it tells the server its requester now has. */
    public static final class Answer {

        public final int budget;

        public final byte[] answer;

        public final int classes;

        public final List<String> sent;

        public final List<String> frontier;

        public Answer(int budget, byte[] answer, int classes, List<String> sent, List<String> frontier) {
            this.budget = budget;
            this.answer = answer;
            this.classes = classes;
            this.sent = sent;
            this.frontier = frontier;
        }
    }

    private final Map<String, Answer> entries = new LinkedHashMap<String, Answer>(MAX_ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The kept answer for {@code className} at this {@code budget}, or {@code null}. */
    public synchronized Answer get(String className, int budget) {
        Answer entry = this.entries.get(className);
        return (entry != null && entry.budget == budget) ? entry : null;
    }

    public synchronized void put(String className, Answer entry) {
        this.entries.put(className, entry);
    }
}

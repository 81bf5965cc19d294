package dev.ipcmark.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the {@link Opening} or {@link Listener} a transport returns while it waits for its peers, from its parts, so
 * that every transport's opening has the same life: its {@linkplain #names names} go on accept and on close; what it
 * {@linkplain #unlessAccepted holds open} goes on close only if it was never accepted (after accept the channel owns
 * it); what must go {@linkplain #whenClosed at the end} goes on close either way. Accept and close each act once.
 */
final class Pending {
    private final String endpoint;
    private final List<Leftovers.Registration> names = new ArrayList<>();
    private final List<Runnable> unaccepted = new ArrayList<>();
    private final List<Runnable> closing = new ArrayList<>();
    private Optional<InheritedStdio> stdio = Optional.empty();
    private List<String> launcher = List.of();

    private Pending(String endpoint) {
        this.endpoint = endpoint;
    }

    /** An opening whose peers connect to {@code endpoint}. */
    static Pending at(String endpoint) {
        return new Pending(endpoint);
    }

    /** Names nobody needs once the peers are connected: released on accept, and on close if still there. */
    Pending names(Leftovers.Registration... registrations) {
        names.addAll(List.of(registrations));
        return this;
    }

    /** Descriptors the peers inherit as stdin and stdout. */
    Pending stdio(Optional<InheritedStdio> inherited) {
        stdio = inherited;
        return this;
    }

    /** The command the peers are started under. */
    Pending launcher(List<String> command) {
        launcher = List.copyOf(command);
        return this;
    }

    /** What the channel would own once accepted: done on close only if it never was. */
    Pending unlessAccepted(Runnable action) {
        unaccepted.add(action);
        return this;
    }

    /** What goes when the case ends, accepted or not (objects the channel uses but does not own). */
    Pending whenClosed(Runnable action) {
        closing.add(action);
        return this;
    }

    /** A one-to-one listener whose accept makes the channel with {@code accept}. */
    Listener listener(Supplier<? extends Channel> accept) {
        return new OneToOne(this, accept);
    }

    /** A fan-in opening whose accept makes the receiving end with {@code accept}. */
    Opening opening(Supplier<? extends Inbox> accept) {
        return new Waiting<>(this, accept);
    }

    private static class Waiting<T extends Inbox> implements Opening {
        private final Pending parts;
        private final Supplier<? extends T> accept;
        private boolean accepted;
        private boolean closed;

        Waiting(Pending parts, Supplier<? extends T> accept) {
            this.parts = parts;
            this.accept = accept;
        }

        @Override
        public String endpoint() {
            return parts.endpoint;
        }

        @Override
        public Optional<InheritedStdio> inheritedStdio() {
            return parts.stdio;
        }

        @Override
        public List<String> peerLauncher() {
            return parts.launcher;
        }

        @Override
        public T accept() {
            if (accepted) {
                throw new IllegalStateException("accepted twice");
            }
            accepted = true;
            parts.names.forEach(Leftovers.Registration::release);
            return accept.get();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            List<Runnable> actions = new ArrayList<>();
            parts.names.forEach(n -> actions.add(n::release));
            if (!accepted) {
                actions.addAll(parts.unaccepted);
            }
            actions.addAll(parts.closing);
            runAll(actions);
        }

        // Every action runs even if one fails, so that one stuck object does not leave the others behind.
        private static void runAll(List<Runnable> actions) {
            RuntimeException first = null;
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static final class OneToOne extends Waiting<Channel> implements Listener {
        OneToOne(Pending parts, Supplier<? extends Channel> accept) {
            super(parts, accept);
        }

        @Override
        public Channel accept() {
            return super.accept();
        }
    }
}

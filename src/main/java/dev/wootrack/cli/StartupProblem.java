package dev.wootrack.cli;

import dev.wootrack.config.InvalidSetting;

/** What stopped a command from starting, in one line for the operator: the setting at fault when there is one. */
public final class StartupProblem {

    private StartupProblem() {
    }

    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSetting) {
                return t.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof IllegalStateException)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

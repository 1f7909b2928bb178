package dev.jakartamcp.pipeline;

import dev.jakartamcp.protocol.ChangeNotice;

import java.util.List;

/**
 * A registry whose items a list method shows ({@code tools/list}, …): what the override watch compares, item by item,
 * to tell clients when an operator's live override changes what a list shows.
 */
public interface ListedItems {
    /** The list these items are in, as its {@code list_changed} names it. */
    ChangeNotice.Kind listKind();

    /** Every item, including those an operator switched off. */
    List<? extends McpItem> listedItems();
}

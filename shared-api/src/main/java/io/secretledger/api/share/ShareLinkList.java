package io.secretledger.api.share;

import java.util.List;

public record ShareLinkList(List<ShareLinkView> items) {
}

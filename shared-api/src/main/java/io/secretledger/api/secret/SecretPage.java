package io.secretledger.api.secret;

import java.util.List;

public record SecretPage(List<SecretView> items, boolean hasNext) {
}

package io.secretledger.infra.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's headless Chromium driven through its own chromedriver (ADR 0029): both binaries are named, so Selenium
 * never looks for or downloads a driver. Where they are missing the test is skipped, not failed; `.ci/run` installs
 * them.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final File CHROMIUM = new File(System.getProperty("secretledger.chromium", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getProperty("secretledger.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final String base;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** A fresh browser (no profile, no storage) on the application at this port; skips the test without Chromium. */
    static Browser open(int port) {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(),
                "Chromium is not installed (apt-get install -y chromium chromium-driver): the console's browser test "
                        + "is skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--disable-component-update", "--disable-default-apps", "--lang=en-GB");
        options.setExperimentalOption("prefs", Map.of(
                "profile.content_settings.exceptions.clipboard", Map.of("http://localhost:" + port + ",*",
                        Map.of("setting", 1))));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), "http://localhost:" + port);
    }

    void go(String path) {
        driver.get(base + path);
    }

    WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    <T> T waitUntil(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** What is in the page now, every text and attribute. */
    String pageText() {
        return driver.getPageSource();
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Everything this page keeps in the browser's storage, as one string. */
    String storage() {
        return String.valueOf(script("return JSON.stringify({local: {...localStorage}, session: {...sessionStorage},"
                + " cookie: document.cookie})"));
    }

    void signIn(String token) {
        WebElement field = waitFor(By.id("token"));
        field.sendKeys(token);
        driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
        waitFor(By.cssSelector("header.top .who"));
    }

    /** A screenshot for the README's console section, in target/ (never committed). */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

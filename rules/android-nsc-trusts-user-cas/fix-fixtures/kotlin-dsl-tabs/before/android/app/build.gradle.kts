plugins {
	id("com.android.application")
	id("dev.flutter.flutter-gradle-plugin")
}

android {
	namespace = "com.example.clinic"
	defaultConfig {
		applicationId = "com.example.clinic"
		minSdk = 23
		targetSdk = 34
	}
}

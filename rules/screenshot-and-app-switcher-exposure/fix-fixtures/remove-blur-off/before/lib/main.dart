import 'package:flutter/material.dart';
import 'package:screen_protector/screen_protector.dart';

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  await ScreenProtector.preventScreenshotOn();
  await ScreenProtector.protectDataLeakageWithBlur();
  runApp(const MaterialApp(home: ScannerScreen()));
}

class ScannerScreen extends StatefulWidget {
  const ScannerScreen({super.key});
  @override
  State<ScannerScreen> createState() => _ScannerScreenState();
}

class _ScannerScreenState extends State<ScannerScreen> {
  @override
  void dispose() {
    ScreenProtector.protectDataLeakageWithBlurOff();
    super.dispose();
  }

  @override
  Widget build(BuildContext context) => const Text('Point the camera at the card');
}

// Typical creation times of the resources cagw deploys, in seconds, as seen in CloudFormation
// event logs (us-east-1, 2025-2026). An update takes about half. Rough on purpose: the bench
// compares orders of the same work, not AWS itself.
const SECONDS: Record<string, number> = {
  'AWS::EC2::VPC': 15, 'AWS::EC2::Subnet': 5, 'AWS::EC2::InternetGateway': 15, 'AWS::EC2::VPCGatewayAttachment': 15,
  'AWS::EC2::NatGateway': 110, 'AWS::EC2::EIP': 5, 'AWS::EC2::RouteTable': 5, 'AWS::EC2::Route': 5,
  'AWS::EC2::SubnetRouteTableAssociation': 5, 'AWS::EC2::SecurityGroup': 6, 'AWS::EC2::SecurityGroupIngress': 3,
  'AWS::EC2::SecurityGroupEgress': 3, 'AWS::EC2::VPCEndpoint': 120, 'AWS::Route53::HostedZone': 45, 'AWS::ECR::Repository': 3,
  'AWS::RDS::DBSubnetGroup': 5, 'AWS::RDS::DBParameterGroup': 5, 'AWS::RDS::DBInstance': 540,
  'AWS::SecretsManager::Secret': 3, 'AWS::SecretsManager::SecretTargetAttachment': 3,
  'AWS::CertificateManager::Certificate': 180, 'AWS::Route53::RecordSet': 40,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 180, 'AWS::ElasticLoadBalancingV2::TargetGroup': 15, 'AWS::ElasticLoadBalancingV2::Listener': 5,
  'AWS::ECS::Cluster': 10, 'AWS::ECS::TaskDefinition': 3, 'AWS::ECS::Service': 240, 'AWS::Logs::LogGroup': 2, 'AWS::IAM::Role': 20,
  'AWS::ApplicationAutoScaling::ScalableTarget': 30, 'AWS::ApplicationAutoScaling::ScalingPolicy': 5,
  'AWS::Cognito::UserPool': 10, 'AWS::Cognito::UserPoolDomain': 60, 'AWS::Cognito::UserPoolClient': 5, 'AWS::Cognito::UserPoolGroup': 5,
  'AWS::Cognito::UserPoolUser': 5, 'AWS::Cognito::UserPoolUserToGroupAttachment': 5,
  'AWS::EC2::ClientVpnEndpoint': 60, 'AWS::EC2::ClientVpnTargetNetworkAssociation': 420, 'AWS::EC2::ClientVpnAuthorizationRule': 30,
};

export const typicalCreateSeconds = (type: string): number => SECONDS[type] ?? 10;
/** docker build and push of the gateway image on a laptop */
export const IMAGE_BUILD_SECONDS = 240;
